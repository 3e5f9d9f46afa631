package io.virtkit.remote.internal.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * One end's TLS files, read and checked as libvirt checks its own before it serves or connects: the CA and this
 * end's certificate within their validity, the certificate signed by the CA, the key the certificate's.
 *
 * @param cas the CA certificate(s) a peer must be signed by
 * @param chain this end's certificate first, then any intermediates from its file
 * @param key this end's private key
 */
record TlsCredentials(TlsFiles files, List<X509Certificate> cas, List<X509Certificate> chain, PrivateKey key) {

    TlsCredentials {
        cas = List.copyOf(cas);
        chain = List.copyOf(chain);
    }

    /** Reads and checks {@code files}; {@code server} says which role's wording the errors use. */
    static TlsCredentials load(TlsFiles files, boolean server) {
        String role = server ? "server" : "client";
        List<X509Certificate> cas = PemFile.read(files.caCert(), "CA certificate").certificates();
        PemFile certFile = PemFile.read(files.cert(), "certificate");
        PemFile keyFile = PemFile.read(files.key(), "private key");
        List<X509Certificate> chain = certFile.certificates();
        PrivateKey key = keyFile.privateKey();
        Date now = new Date();
        for (X509Certificate ca : cas) {
            CertificateChecks.checkTimes(ca, "CA", files.caCert().toString(), now);
        }
        CertificateChecks.checkTimes(chain.get(0), role, files.cert().toString(), now);
        if (CertificateChecks.untrustedReason(chain, cas, now) != null) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.RPC, "Unable to verify " + role
                    + " certificate " + files.cert() + " against CA certificate " + files.caCert());
        }
        if (!CertificateChecks.keyMatches(key, chain.get(0))) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.RPC, "Unable to set x509 key and certificate: "
                    + files.key() + ", " + files.cert() + ": the private key does not belong to the certificate");
        }
        return new TlsCredentials(files, cas, chain, key);
    }
}
