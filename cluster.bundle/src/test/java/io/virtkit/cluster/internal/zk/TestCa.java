package io.virtkit.cluster.internal.zk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * x509 files for the cluster tests, made with openssl in a directory of the test's: a CA and one certificate
 * signed by it, valid as server and as client for 127.0.0.1 (a host's one certificate serves its peer, its
 * client and its remote daemon). Keys are P-256, PKCS#8, unencrypted.
 */
public final class TestCa {

    /** One host's files in the remote daemon's layout. */
    public record HostFiles(Path caFile, Path certFile, Path keyFile) {
    }

    private final Path dir;

    private TestCa(Path dir) {
        this.dir = dir;
    }

    public static TestCa create(Path dir, String name) throws IOException, InterruptedException {
        TestCa ca = new TestCa(Files.createDirectories(dir.resolve(name)));
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                "-subj", "/O=Virtkit cluster tests/CN=" + name + " CA", "-keyout", ca.file("cakey.pem"),
                "-out", ca.file("cacert.pem"), "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return ca;
    }

    /** A certificate for 127.0.0.1 signed by this CA, for server and client use. */
    public HostFiles host(String name) throws IOException, InterruptedException {
        Path ext = dir.resolve(name + ".ext");
        Files.writeString(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n"
                + "keyUsage=critical,digitalSignature,keyEncipherment\n");
        openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-subj", "/O=Virtkit cluster tests/CN=" + name, "-keyout", file(name + "key.pem"),
                "-out", file(name + ".csr"));
        openssl("x509", "-req", "-in", file(name + ".csr"), "-CA", file("cacert.pem"), "-CAkey", file("cakey.pem"),
                "-CAcreateserial", "-days", "2", "-extfile", ext.toString(), "-out", file(name + "cert.pem"));
        return new HostFiles(dir.resolve("cacert.pem"), dir.resolve(name + "cert.pem"), dir.resolve(name + "key.pem"));
    }

    private String file(String name) {
        return dir.resolve(name).toString();
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }
}
