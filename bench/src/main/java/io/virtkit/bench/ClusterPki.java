package io.virtkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * The x509 files of a cluster benchmark, made with {@code openssl} alone in a directory of its own: one CA, and per
 * host a key and a certificate for 127.0.0.1 (CN and IP subject alternative name) usable both as server and as client
 * ({@code serverAuth, clientAuth}: each host's certificate serves its ZooKeeper peer and its ZooKeeper client), in
 * the remote daemon's layout the cluster configuration names ({@code caFile}, {@code certFile}, {@code keyFile});
 * and the cluster's shared secret ({@code secretFile}, 0600).
 */
final class ClusterPki {
    /** One host's files, as config keys caFile, certFile, keyFile, secretFile take them. */
    record HostFiles(Path caCert, Path cert, Path key, Path secret) {}

    private final Path dir;

    private ClusterPki(Path dir) {
        this.dir = dir;
    }

    static ClusterPki create(Path dir) throws IOException, InterruptedException {
        ClusterPki pki = new ClusterPki(Files.createDirectories(dir));
        key(pki.caKey());
        check(List.of("openssl", "req", "-x509", "-new", "-key", pki.caKey().toString(), "-days", "2", "-subj",
                "/CN=vkbench cluster CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext",
                "keyUsage=critical,keyCertSign,cRLSign", "-out", pki.caCert().toString()));
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        Files.writeString(pki.secret(), HexFormat.of().formatHex(secret) + "\n");
        Files.setPosixFilePermissions(pki.secret(), PosixFilePermissions.fromString("rw-------"));
        return pki;
    }

    /** A certificate for 127.0.0.1 signed by the CA, server and client. */
    HostFiles host(String label) throws IOException, InterruptedException {
        Path key = dir.resolve(label + "-key.pem");
        Path csr = dir.resolve(label + ".csr");
        Path cert = dir.resolve(label + "-cert.pem");
        Path ext = dir.resolve(label + ".ext");
        key(key);
        check(List.of("openssl", "req", "-new", "-key", key.toString(), "-subj", "/O=vkbench/CN=127.0.0.1", "-out",
                csr.toString()));
        Files.writeString(ext, "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
                + "extendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n");
        check(List.of("openssl", "x509", "-req", "-in", csr.toString(), "-CA", caCert().toString(), "-CAkey",
                caKey().toString(), "-CAcreateserial", "-days", "2", "-extfile", ext.toString(), "-out",
                cert.toString()));
        return new HostFiles(caCert(), cert, key, secret());
    }

    private Path caCert() {
        return dir.resolve("cacert.pem");
    }

    private Path caKey() {
        return dir.resolve("cakey.pem");
    }

    private Path secret() {
        return dir.resolve("cluster-secret");
    }

    private static void key(Path file) throws IOException, InterruptedException {
        check(List.of("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out",
                file.toString()));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    private static void check(List<String> command) throws IOException, InterruptedException {
        Commands.Result r = Commands.run(command);
        if (r.exit() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + r.output().strip());
        }
    }
}
