package io.virtkit.esx.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A running vSphere simulator (the vcsim launcher) for the ESX driver's tests: on loopback with TLS, its own
 * certificate in {@link #certificate()}, one user and password. {@link #esx()} and {@link #vcenter()} are
 * suite-wide: started on first use, once per JVM, and stopped by a shutdown hook; a test that needs a simulator
 * of its own (e.g. it changes the inventory) starts one with {@link #start} and closes it.
 *
 * <p>The launcher is tracked through its {@link ProcessHandle}; it also exits by itself when its standard input
 * (a pipe held here) closes, so a JVM killed without its hooks leaves no simulator behind.
 */
final class VcsimFixture implements AutoCloseable {
    /** The inventory and credentials of a simulator. */
    record Options(Mode mode, int vms, int hosts, String user, String password) {
        static Options esx(int vms) {
            return new Options(Mode.ESX, vms, 1, "root", "vcsim-Secret1");
        }

        static Options vcenter(int vms, int hosts) {
            return new Options(Mode.VCENTER, vms, hosts, "administrator@vsphere.local", "vcsim-Secret1");
        }
    }

    enum Mode { ESX, VCENTER }

    private static VcsimFixture esx;
    private static VcsimFixture vcenter;

    private final Options options;
    private final Path dir;
    private final Process process;
    private final URI url;

    private VcsimFixture(Options options, Path dir, Process process, URI url) {
        this.options = options;
        this.dir = dir;
        this.process = process;
        this.url = url;
    }

    /** The suite's ESX simulator (a HostAgent, host ha-host, VMs ha-host_VM0 and ha-host_VM1). */
    static synchronized VcsimFixture esx() throws Exception {
        if (esx == null || !esx.process.isAlive()) {
            esx = startShared(Options.esx(2));
        }
        return esx;
    }

    /** The suite's vCenter simulator (datacenter DC0, one standalone host and a cluster of two). */
    static synchronized VcsimFixture vcenter() throws Exception {
        if (vcenter == null || !vcenter.process.isAlive()) {
            vcenter = startShared(Options.vcenter(2, 1));
        }
        return vcenter;
    }

    private static VcsimFixture startShared(Options options) throws Exception {
        VcsimFixture fixture = start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(fixture::close, "vcsim-" + options.mode() + "-stop"));
        return fixture;
    }

    /** Starts a simulator of its own; the caller closes it. */
    static VcsimFixture start(Options options) throws Exception {
        return start(options, new String[0]);
    }

    /** As {@link #start(Options)}, with more launcher flags (test-only knobs such as {@code -hang-tasks}). */
    static VcsimFixture start(Options options, String... launcherArgs) throws Exception {
        Path binary = VcsimLauncherBuild.binary();
        Path dir = Files.createTempDirectory("virtkit-vcsim-");
        Path cert = dir.resolve("cert.pem");
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "-mode", options.mode() == Mode.ESX ? "esx" : "vcenter", "-listen", "127.0.0.1:0",
                "-user", options.user(), "-password", options.password(), "-vms", Integer.toString(options.vms()),
                "-cert", cert.toString()));
        if (options.mode() == Mode.VCENTER) {
            command.addAll(List.of("-hosts", Integer.toString(options.hosts())));
        }
        command.addAll(List.of(launcherArgs));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(dir.resolve("vcsim.log").toFile());
        pb.environment().put("TMPDIR", dir.toString()); // the simulated datastores' directories go here
        long start = System.nanoTime();
        Process process = pb.start();
        try {
            URI url = awaitUrl(process, dir);
            System.err.printf("vcsim %s (%d VMs) started in %d ms%n", options.mode(), options.vms(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            return new VcsimFixture(options, dir, process, url);
        } catch (Exception | Error e) {
            stop(process);
            deleteTree(dir);
            throw e;
        }
    }

    private static URI awaitUrl(Process process, Path dir) throws Exception {
        InputStream out = process.getInputStream();
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(out, StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            String ready = line.get(60, TimeUnit.SECONDS);
            if (ready == null || !ready.startsWith("VCSIM_URL ")) {
                throw new IOException("vcsim did not start: " + ready + "; " + Files.readString(dir.resolve("vcsim.log")));
            }
            return URI.create(ready.substring("VCSIM_URL ".length()).strip());
        } catch (TimeoutException | ExecutionException e) {
            throw new IOException("vcsim did not report its URL: " + Files.readString(dir.resolve("vcsim.log")), e);
        }
    }

    Options options() {
        return options;
    }

    /** The SOAP endpoint, https://127.0.0.1:PORT/sdk. */
    URI url() {
        return url;
    }

    int port() {
        return url.getPort();
    }

    /** The simulator's own directory: its log, certificate and the simulated datastores' directories. */
    Path directory() {
        return dir;
    }

    /** The server's self-signed certificate (PEM), to pin. */
    Path certificate() {
        return dir.resolve("cert.pem");
    }

    /** The simulator's process, e.g. to check it ran or is gone. */
    ProcessHandle handle() {
        return process.toHandle();
    }

    /** A TLS context trusting exactly this simulator's certificate. */
    SSLContext sslContext() throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificate())) {
            trust.setCertificateEntry("vcsim", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    /** Stops the simulator (SIGTERM, then SIGKILL) and deletes its directory; idempotent. */
    @Override
    public synchronized void close() {
        stop(process);
        deleteTree(dir);
    }

    private static void stop(Process process) {
        ProcessHandle handle = process.toHandle();
        List<ProcessHandle> children = handle.descendants().toList();
        handle.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                handle.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            handle.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("vcsim fixture: could not delete " + dir + ": " + e);
        }
    }
}
