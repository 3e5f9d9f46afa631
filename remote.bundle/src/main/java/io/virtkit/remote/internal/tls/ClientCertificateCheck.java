package io.virtkit.remote.internal.tls;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * libvirtd's judgement of a client once the TLS handshake is over: a certificate must have been presented, be within
 * its validity, lead to the CA, and (with an allow-list) have a distinguished name matching one of its globs.
 */
final class ClientCertificateCheck {
    /** How libvirt names a peer's certificate in its messages: it has no file. */
    static final String SESSION = "[session]";

    private final List<X509Certificate> cas;
    private final List<DnGlob> allowed;

    /** @param allowedDnList libvirtd's {@code tls_allowed_dn_list}; empty: any certificate the CA signed */
    ClientCertificateCheck(List<X509Certificate> cas, List<String> allowedDnList) {
        this.cas = List.copyOf(cas);
        this.allowed = allowedDnList.stream().map(DnGlob::new).toList();
    }

    /**
     * The client's distinguished name in GnuTLS's form, when it is let in.
     *
     * @throws VirtException saying why not, in libvirt's words (the daemon logs it; the client is only dropped)
     */
    String check(SSLSession session) {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (Certificate c : session.getPeerCertificates()) {
                if (!(c instanceof X509Certificate x)) {
                    throw refused("Only x509 certificates are supported");
                }
                chain.add(x);
            }
        } catch (SSLPeerUnverifiedException e) {
            throw refused("Unable to verify TLS peer: No certificate was found.");
        }
        if (chain.isEmpty()) {
            throw refused("The certificate has no peers");
        }
        Date now = new Date();
        for (X509Certificate c : chain) {
            CertificateChecks.checkTimes(c, c == chain.get(0) ? "client" : "CA", SESSION, now);
        }
        String untrusted = CertificateChecks.untrustedReason(chain, cas, now);
        if (untrusted != null) {
            throw refused("Unable to verify TLS peer: " + untrusted);
        }
        String dn = GnutlsDistinguishedName.of(chain.get(0).getSubjectX500Principal());
        if (!allowed.isEmpty() && allowed.stream().noneMatch(g -> g.matches(dn))) {
            throw refused("Failed ACL check for client DN '" + dn + "': it is not on the list of allowed clients "
                    + "(tls_allowed_dn_list)");
        }
        return dn;
    }

    private static VirtException refused(String why) {
        return new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.RPC, why);
    }
}
