package io.virtkit.remote.internal.tls;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import javax.security.auth.x500.X500Principal;

/**
 * A certificate subject as the string libvirt matches {@code tls_allowed_dn_list} against: GnuTLS's
 * {@code gnutls_x509_crt_get_dn} form, whose RDNs come in the certificate's own order ("C=GB,O=Example,CN=client")
 * where RFC 4514 (and the JDK) reverse them.
 */
final class GnutlsDistinguishedName {
    /** GnuTLS's names for attributes the JDK would print as dotted OIDs. */
    private static final Map<String, String> GNUTLS_NAMES = Map.of(
            "1.2.840.113549.1.9.1", "EMAIL",
            "2.5.4.5", "serialNumber",
            "2.5.4.12", "title",
            "2.5.4.4", "surName",
            "2.5.4.42", "givenName",
            "2.5.4.43", "initials",
            "2.5.4.65", "pseudonym",
            "2.5.4.46", "dnQualifier",
            "2.5.4.44", "generationQualifier");

    private GnutlsDistinguishedName() {
    }

    static String of(X500Principal subject) {
        List<String> rdns = rfc2253Rdns(subject);
        Collections.reverse(rdns);
        return String.join(",", rdns).replace("STREET=", "street=");
    }

    /** The subject's RDNs as RFC 2253 orders them (most specific first), with GnuTLS's attribute names. */
    static List<String> rfc2253Rdns(X500Principal subject) {
        return splitUnescaped(subject.getName(X500Principal.RFC2253, GNUTLS_NAMES));
    }

    /** The RDNs of an RFC 2253 string: split at commas not escaped by a backslash (multi-valued RDNs kept whole). */
    private static List<String> splitUnescaped(String rfc) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < rfc.length(); i++) {
            char c = rfc.charAt(i);
            if (c == '\\' && i + 1 < rfc.length()) {
                current.append(c).append(rfc.charAt(++i));
            } else if (c == ',') {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.isEmpty() || !parts.isEmpty()) {
            parts.add(current.toString());
        }
        return parts;
    }
}
