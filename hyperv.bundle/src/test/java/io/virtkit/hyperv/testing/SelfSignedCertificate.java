package io.virtkit.hyperv.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A certificate for 127.0.0.1 made when the endpoint starts, by the JDK's keytool (the JDK has no API to sign one):
 * the key store for the server and the certificate as PEM for clients to trust. Both live in a directory of their
 * own, removed by {@link #delete()}.
 */
final class SelfSignedCertificate {

    private static final String ALIAS = "standin";

    private final Path directory;
    private final Path keyStore;
    private final Path pem;
    private final char[] password;

    private SelfSignedCertificate(Path directory) {
        this.directory = directory;
        this.keyStore = directory.resolve("standin.p12");
        this.pem = directory.resolve("standin-certificate.pem");
        this.password = java.util.UUID.randomUUID().toString().toCharArray();
    }

    static SelfSignedCertificate create() {
        Path directory;
        try {
            directory = Files.createTempDirectory("standin-hyperv-tls");
        } catch (IOException e) {
            throw new IllegalStateException("cannot make a directory for the certificate", e);
        }
        SelfSignedCertificate certificate = new SelfSignedCertificate(directory);
        try {
            certificate.generate();
            return certificate;
        } catch (RuntimeException e) {
            certificate.delete();
            throw e;
        }
    }

    private void generate() {
        String pass = new String(password);
        keytool(List.of("-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1, O=Virtkit stand-in Hyper-V", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", pass, "-keypass", pass));
        keytool(List.of("-exportcert", "-rfc", "-alias", ALIAS, "-keystore", keyStore.toString(),
                "-storetype", "PKCS12", "-storepass", pass, "-file", pem.toString()));
    }

    private static void keytool(List<String> arguments) {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new java.util.ArrayList<>();
        command.add(keytool.toString());
        command.addAll(arguments);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool did not finish");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + keytool, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making a certificate", e);
        }
    }

    SSLContext serverContext() {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the stand-in's key store", e);
        }
    }

    Path pem() {
        return pem;
    }

    void delete() {
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            // Nothing else to do: a temp file left behind is not worth failing a test's cleanup for.
        }
    }
}
