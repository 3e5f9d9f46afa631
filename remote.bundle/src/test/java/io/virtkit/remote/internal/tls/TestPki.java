package io.virtkit.remote.internal.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A CA and certificates made for one test with the real tools libvirt's documentation uses (certtool, and openssl
 * for the key formats certtool does not write), in a directory of the test's.
 */
public final class TestPki {
    /** The key formats libvirt's users have in their files. */
    public enum KeyFormat {
        /** certtool's default: BEGIN RSA PRIVATE KEY. */
        PKCS1_RSA,
        /** openssl genpkey: BEGIN PRIVATE KEY. */
        PKCS8_RSA,
        /** openssl ecparam: BEGIN EC PRIVATE KEY. */
        SEC1_EC
    }

    private final Path dir;
    private final String name;
    private final Path caKey;
    private final Path caCert;

    private TestPki(Path dir, String name) {
        this.dir = dir;
        this.name = name;
        this.caKey = dir.resolve(name + "-cakey.pem");
        this.caCert = dir.resolve(name + "-cacert.pem");
    }

    /** A new CA named {@code name} ("CN=Virtkit Test CA name"), its files in {@code dir}. */
    public static TestPki create(Path dir, String name) throws Exception {
        TestPki pki = new TestPki(dir, name);
        pki.key(pki.caKey, KeyFormat.PKCS1_RSA);
        Path template = pki.template(name + "-ca", "cn = \"Virtkit Test CA " + name + "\"", "ca", "cert_signing_key",
                "expiration_days = 30");
        run("certtool", "--generate-self-signed", "--load-privkey", pki.caKey.toString(), "--template",
                template.toString(), "--outfile", pki.caCert.toString());
        return pki;
    }

    public Path caCert() {
        return caCert;
    }

    /** A server certificate for 127.0.0.1 and localhost. */
    public TlsFiles server(String file, KeyFormat format) throws Exception {
        return issue(file, format, List.of("organization = \"Virtkit Test\"", "cn = \"127.0.0.1\"",
                "ip_address = \"127.0.0.1\"", "dns_name = \"localhost\"", "tls_www_server", "encryption_key",
                "signing_key", "expiration_days = 30"));
    }

    /** A server certificate without subject alternative names: only its common name names the host. */
    public TlsFiles serverNamedByCnOnly(String file, String cn) throws Exception {
        return issue(file, KeyFormat.PKCS1_RSA, List.of("cn = \"" + cn + "\"", "tls_www_server", "encryption_key",
                "signing_key", "expiration_days = 30"));
    }

    /** A client certificate with subject C=GB, O=Virtkit Test, CN={@code cn}. */
    public TlsFiles client(String file, String cn, KeyFormat format) throws Exception {
        return issue(file, format, List.of("country = GB", "organization = \"Virtkit Test\"", "cn = \"" + cn + "\"",
                "tls_www_client", "encryption_key", "signing_key", "expiration_days = 30"));
    }

    /** A client certificate with an EC key (no key encipherment: ECDSA keys only sign). */
    public TlsFiles ecClient(String file, String cn) throws Exception {
        return issue(file, KeyFormat.SEC1_EC, List.of("country = GB", "organization = \"Virtkit Test\"",
                "cn = \"" + cn + "\"", "tls_www_client", "signing_key", "expiration_days = 30"));
    }

    /** A client certificate valid only in January 2020. */
    public TlsFiles expiredClient(String file, String cn) throws Exception {
        return issue(file, KeyFormat.PKCS1_RSA, List.of("country = GB", "organization = \"Virtkit Test\"",
                "cn = \"" + cn + "\"", "tls_www_client", "encryption_key", "signing_key",
                "activation_date = \"2020-01-01 00:00:00 UTC\"", "expiration_date = \"2020-02-01 00:00:00 UTC\""));
    }

    /**
     * libvirt's client layout in a {@code pkipath} directory: cacert.pem (these CA files concatenated),
     * clientcert.pem and clientkey.pem.
     */
    public static Path pkiPath(Path dir, TlsFiles client, Path... caCerts) throws IOException {
        Files.createDirectories(dir);
        StringBuilder cas = new StringBuilder();
        for (Path ca : caCerts) {
            cas.append(Files.readString(ca));
        }
        Files.writeString(dir.resolve("cacert.pem"), cas);
        Files.copy(client.cert(), dir.resolve("clientcert.pem"));
        Files.copy(client.key(), dir.resolve("clientkey.pem"));
        return dir;
    }

    private TlsFiles issue(String file, KeyFormat format, List<String> template) throws Exception {
        Path key = dir.resolve(file + "-key.pem");
        Path cert = dir.resolve(file + "-cert.pem");
        key(key, format);
        Path t = template(file, template.toArray(String[]::new));
        run("certtool", "--generate-certificate", "--load-privkey", key.toString(), "--load-ca-certificate",
                caCert.toString(), "--load-ca-privkey", caKey.toString(), "--template", t.toString(), "--outfile",
                cert.toString());
        return new TlsFiles(caCert, cert, key);
    }

    private void key(Path key, KeyFormat format) throws Exception {
        switch (format) {
            case PKCS1_RSA -> run("certtool", "--generate-privkey", "--key-type=rsa", "--bits=2048", "--outfile",
                    key.toString());
            case PKCS8_RSA -> run("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                    "-out", key.toString());
            case SEC1_EC -> run("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out",
                    key.toString());
        }
    }

    private Path template(String file, String... lines) throws IOException {
        Path t = dir.resolve(file + ".info");
        Files.writeString(t, String.join("\n", lines) + "\n");
        return t;
    }

    /** Runs a tool, failing with its output when it fails. */
    public static String run(String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(cmd + " timed out");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(cmd + " failed: " + out);
        }
        return out;
    }
}
