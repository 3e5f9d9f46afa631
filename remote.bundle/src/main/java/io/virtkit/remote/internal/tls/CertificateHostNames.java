package io.virtkit.remote.internal.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Whether a server certificate names the host a client connected to, as GnuTLS's {@code gnutls_x509_crt_check_hostname}
 * decides for libvirt's client: an IP address against the IP subject alternative names, a name against the DNS ones
 * (a leading "*." label as a wildcard), and the common name only when the certificate has no DNS names.
 */
final class CertificateHostNames {
    private static final int DNS = 2;
    private static final int IP = 7;

    private CertificateHostNames() {
    }

    static boolean matches(X509Certificate cert, String host) {
        List<List<?>> sans = alternativeNames(cert);
        InetAddress ip = literalAddress(host);
        if (ip != null) {
            return sans.stream().anyMatch(s -> (Integer) s.get(0) == IP && ip.equals(literalAddress((String) s.get(1))));
        }
        List<String> dnsNames = sans.stream().filter(s -> (Integer) s.get(0) == DNS).map(s -> (String) s.get(1))
                .toList();
        if (!dnsNames.isEmpty()) {
            return dnsNames.stream().anyMatch(n -> nameMatches(n, host));
        }
        String cn = commonName(cert);
        return cn != null && nameMatches(cn, host);
    }

    private static boolean nameMatches(String pattern, String host) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        if (p.startsWith("*.")) {
            int dot = h.indexOf('.');
            return dot > 0 && h.substring(dot).equals(p.substring(1));
        }
        return p.equals(h);
    }

    private static List<List<?>> alternativeNames(X509Certificate cert) {
        try {
            Collection<List<?>> names = cert.getSubjectAlternativeNames();
            return names == null ? List.of() : List.copyOf(names);
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    /** The address {@code text} spells, or null when it is a name (never looked up). */
    private static InetAddress literalAddress(String text) {
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean literal = t.contains(":") || t.matches("[0-9.]+");
        if (!literal) {
            return null;
        }
        try {
            return InetAddress.getByName(t);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The subject's most specific common name (RFC 2253 lists it first), its escapes undone; null without one. */
    private static String commonName(X509Certificate cert) {
        for (String rdn : GnutlsDistinguishedName.rfc2253Rdns(cert.getSubjectX500Principal())) {
            if (rdn.regionMatches(true, 0, "CN=", 0, 3)) {
                return rdn.substring(3).replaceAll("\\\\(.)", "$1");
            }
        }
        return null;
    }
}
