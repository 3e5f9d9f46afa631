package io.virtkit.remote.internal.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The three PEM files of one end of libvirt's TLS transport, in libvirt's layout: the CA certificate(s) a peer's
 * certificate must be signed by, this end's certificate (chain) and its private key.
 *
 * @param caCert the CA certificate file (one or more certificates)
 * @param cert this end's certificate, optionally followed by intermediate certificates
 * @param key this end's private key (PKCS#8, PKCS#1 RSA or SEC1 EC)
 */
public record TlsFiles(Path caCert, Path cert, Path key) {

    private static final Path SYSTEM_CA = Path.of("/etc/pki/CA/cacert.pem");
    private static final Path SYSTEM_DIR = Path.of("/etc/pki/libvirt");

    public TlsFiles {
        Objects.requireNonNull(caCert, "caCert");
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(key, "key");
    }

    /** libvirt's server files: /etc/pki/CA/cacert.pem, /etc/pki/libvirt/servercert.pem, private/serverkey.pem. */
    public static TlsFiles serverDefaults() {
        return new TlsFiles(SYSTEM_CA, SYSTEM_DIR.resolve("servercert.pem"),
                SYSTEM_DIR.resolve("private/serverkey.pem"));
    }

    /**
     * libvirt's client lookup: root uses /etc/pki/CA/cacert.pem, /etc/pki/libvirt/clientcert.pem and
     * private/clientkey.pem; anyone else uses ~/.pki/libvirt/{cacert,clientcert,clientkey}.pem when present, as
     * libvirt's client does: the CA file on its own, the certificate and key as a pair (both there, else the system's).
     */
    public static TlsFiles clientDefaults(Path home, boolean root) {
        TlsFiles system = new TlsFiles(SYSTEM_CA, SYSTEM_DIR.resolve("clientcert.pem"),
                SYSTEM_DIR.resolve("private/clientkey.pem"));
        if (root || home == null) {
            return system;
        }
        Path user = home.resolve(".pki/libvirt");
        Path userCa = user.resolve("cacert.pem");
        Path userCert = user.resolve("clientcert.pem");
        Path userKey = user.resolve("clientkey.pem");
        boolean userPair = Files.exists(userCert) && Files.exists(userKey);
        return new TlsFiles(Files.exists(userCa) ? userCa : system.caCert(), userPair ? userCert : system.cert(),
                userPair ? userKey : system.key());
    }

    /** The files of libvirt's {@code pkipath=DIR} URI parameter: DIR/cacert.pem, clientcert.pem, clientkey.pem. */
    public static TlsFiles clientIn(Path pkiPath) {
        return new TlsFiles(pkiPath.resolve("cacert.pem"), pkiPath.resolve("clientcert.pem"),
                pkiPath.resolve("clientkey.pem"));
    }
}
