package io.virtkit.remote.internal.tls;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/** The certificate checks libvirt makes on its own files and on a peer's certificate, with libvirt's wording. */
final class CertificateChecks {

    private CertificateChecks() {
    }

    /**
     * Refuses a certificate outside its validity: "The {role} certificate {name} has expired" / "is not yet active".
     *
     * @param role "CA", "server" or "client"
     * @param name the file, or libvirt's "[session]" for a peer's certificate
     */
    static void checkTimes(X509Certificate cert, String role, String name, Date now) {
        try {
            cert.checkValidity(now);
        } catch (CertificateExpiredException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.RPC,
                    "The " + role + " certificate " + name + " has expired");
        } catch (CertificateNotYetValidException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.RPC,
                    "The " + role + " certificate " + name + " is not yet active");
        }
    }

    /**
     * Why {@code chain} (leaf first) does not lead to one of {@code cas}, or null when it does. Revocation is not
     * checked: libvirt reads a CRL only when one is configured, and Virtkit has none.
     */
    static String untrustedReason(List<X509Certificate> chain, List<X509Certificate> cas, Date now) {
        try {
            Set<TrustAnchor> anchors = cas.stream().map(c -> new TrustAnchor(c, null)).collect(Collectors.toSet());
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            params.setDate(now);
            // the chain as sent may end in the CA itself; a path stops below its anchor
            List<X509Certificate> path = chain.stream().filter(c -> !cas.contains(c)).toList();
            if (path.isEmpty()) {
                return null;
            }
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
            return null;
        } catch (CertPathValidatorException e) {
            return e.getReason() == CertPathValidatorException.BasicReason.UNDETERMINED_REVOCATION_STATUS
                    ? null : knownIssuer(chain, cas) ? "The certificate is not trusted."
                    : "The certificate hasn't got a known issuer.";
        } catch (GeneralSecurityException e) {
            return "The certificate is not trusted.";
        }
    }

    private static boolean knownIssuer(List<X509Certificate> chain, List<X509Certificate> cas) {
        X509Certificate top = chain.get(chain.size() - 1);
        return cas.stream().anyMatch(ca -> ca.getSubjectX500Principal().equals(top.getIssuerX500Principal()));
    }

    /** Whether {@code key} is the private half of {@code cert}'s public key: a signature made with one checks with the other. */
    static boolean keyMatches(PrivateKey key, X509Certificate cert) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // Ed25519, Ed448
        };
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature sign = Signature.getInstance(algorithm);
            sign.initSign(key);
            sign.update(probe);
            byte[] signature = sign.sign();
            Signature verify = Signature.getInstance(algorithm);
            verify.initVerify(cert.getPublicKey());
            verify.update(probe);
            return verify.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
