package io.virtkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The x509 files of the migration benchmark, made in a directory of its own: a CA, one server certificate per host
 * (its address as CN and as IP subject alternative name, which is what virsh checks for {@code qemu+tls://10.78.0.2/})
 * and one client certificate for virsh in libvirt's {@code pkipath} layout ({@code cacert.pem}, {@code clientcert.pem},
 * {@code clientkey.pem}). Keys are unencrypted PKCS#8 from {@code openssl genpkey} (GnuTLS and the JDK both read it);
 * certificates are signed by GnuTLS's {@code certtool}, as libvirt's TLS guide does it.
 */
final class MigrationPki {
    /** A host's server files. */
    record ServerFiles(Path caCert, Path cert, Path key) {}

    private final Path dir;

    private MigrationPki(Path dir) {
        this.dir = dir;
    }

    /** The CA and the client's files in {@code dir}; server files are made per host by {@link #server}. */
    static MigrationPki create(Path dir) throws IOException, InterruptedException {
        MigrationPki pki = new MigrationPki(Files.createDirectories(dir));
        key(pki.caKey());
        template(dir.resolve("ca.info"), "cn = vkbench CA", "ca", "cert_signing_key", "expiration_days = 2");
        certtool("--generate-self-signed", "--load-privkey", pki.caKey().toString(), "--template",
                dir.resolve("ca.info").toString(), "--outfile", pki.caCert().toString());
        Path client = Files.createDirectories(pki.clientDir());
        Files.copy(pki.caCert(), client.resolve("cacert.pem"));
        key(client.resolve("clientkey.pem"));
        template(dir.resolve("client.info"), "organization = vkbench", "cn = vkbench client", "tls_www_client",
                "encryption_key", "signing_key", "expiration_days = 2");
        pki.sign(client.resolve("clientkey.pem"), dir.resolve("client.info"), client.resolve("clientcert.pem"));
        return pki;
    }

    /** A server certificate for {@code address} (CN and IP SAN), signed by the CA. */
    ServerFiles server(String label, String address) throws IOException, InterruptedException {
        Path key = dir.resolve("server-" + label + "-key.pem");
        Path cert = dir.resolve("server-" + label + "-cert.pem");
        Path info = dir.resolve("server-" + label + ".info");
        key(key);
        template(info, "organization = vkbench", "cn = " + address, "ip_address = " + address, "tls_www_server",
                "encryption_key", "signing_key", "expiration_days = 2");
        sign(key, info, cert);
        return new ServerFiles(caCert(), cert, key);
    }

    /** libvirt's {@code pkipath} directory of the client (virsh): {@code ?pkipath=} on a {@code +tls} URI. */
    Path clientDir() {
        return dir.resolve("client");
    }

    Path caCert() {
        return dir.resolve("cacert.pem");
    }

    private Path caKey() {
        return dir.resolve("cakey.pem");
    }

    private void sign(Path key, Path info, Path cert) throws IOException, InterruptedException {
        certtool("--generate-certificate", "--load-privkey", key.toString(), "--load-ca-certificate",
                caCert().toString(), "--load-ca-privkey", caKey().toString(), "--template", info.toString(),
                "--outfile", cert.toString());
    }

    private static void key(Path file) throws IOException, InterruptedException {
        check(List.of("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out",
                file.toString()));
    }

    private static void template(Path file, String... lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n");
    }

    private static void certtool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("certtool"));
        command.addAll(List.of(args));
        check(command);
    }

    private static void check(List<String> command) throws IOException, InterruptedException {
        Commands.Result r = Commands.run(command);
        if (r.exit() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + r.output().strip());
        }
    }
}
