package io.virtkit.xen.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Xen 4.17 host (Debian 12's hypervisor, dom0 kernel and xl toolstack) running nested under
 * {@code qemu-system-x86_64} with TCG, for the Xen driver's tests. {@link #shared()} boots it once per test JVM
 * and a shutdown hook stops it; {@link #run} executes a command in dom0 as root over SSH.
 *
 * <p>QEMU forwards a free loopback port to dom0's port 22 ({@code hostfwd} on 127.0.0.1 only). dom0 generates its
 * SSH host key at boot and prints it on the serial console, which this fixture follows (into
 * {@code console.log} of the run's directory) and from which it pins the key; the client key is made here for
 * this boot and reaches dom0 on its kernel command line. The fixture waits for dom0's ready marker, not for a
 * time. The CPU is {@code qemu64,+svm,+npt}: Debian's Xen has no shadow paging, so PVH and HVM guests need HAP
 * (nested paging); {@code -cpu max} crashes dom0 on SMAP.
 *
 * <p>Each boot has its own directory under {@code target/xen-host/runs}, deleted when it stops. A JVM killed
 * without its hooks leaves its QEMU behind: the next start stops it (its {@code qemu.pid}, its owner JVM gone).
 */
public final class XenHostFixture implements AutoCloseable {
    static final Path RUNS = XenPackages.CACHE.resolve("runs");
    static final Duration BOOT_TIMEOUT = Duration.ofMinutes(4);
    static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);
    private static final String IDENTITY_FILE = "id_ecdsa";
    private static final String KNOWN_HOSTS_FILE = "known_hosts";
    private static final String HOSTKEY_MARKER = "VIRTKIT-DOM0-HOSTKEY ";
    private static final String READY_MARKER = "VIRTKIT-DOM0-READY";
    private static final String FAILED_MARKER = "VIRTKIT-DOM0-FAILED";
    private static final String HOSTFWD_IN_USE = "Could not set up host forwarding rule";

    private static XenHostFixture shared;

    private final Path dir;
    private final Process qemu;
    private final Thread follower;
    private final int sshPort;
    private final Dom0Ssh ssh;
    private final Duration bootTime;

    private XenHostFixture(Path dir, Process qemu, Thread follower, int sshPort, Dom0Ssh ssh, Duration bootTime) {
        this.dir = dir;
        this.qemu = qemu;
        this.follower = follower;
        this.sshPort = sshPort;
        this.ssh = ssh;
        this.bootTime = bootTime;
    }

    /**
     * The test JVM's Xen host, booted on first use. When this machine cannot prepare one (no Debian mirror, no
     * apt) the calling test is skipped — except under {@code CI=true}, where it fails with the reason.
     */
    public static synchronized XenHostFixture shared() throws IOException, InterruptedException {
        if (shared == null || !shared.qemu.isAlive()) {
            NestedXenImages images;
            long start = System.nanoTime();
            try {
                images = NestedXenImages.prepare();
                System.err.printf("nested xen host: images prepared in %d ms%n",
                        Duration.ofNanos(System.nanoTime() - start).toMillis());
            } catch (XenHostUnavailableException e) {
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    throw new IllegalStateException("the nested Xen host is unavailable (CI=true may not skip)", e);
                }
                Assumptions.abort("the nested Xen host is unavailable: " + e.getMessage());
                throw e;
            }
            XenHostFixture fixture = start(images);
            Runtime.getRuntime().addShutdownHook(new Thread(fixture::close, "xen-host-stop"));
            shared = fixture;
        }
        return shared;
    }

    /** Boots a host of its own (the caller closes it); a port taken between probe and bind is retried. */
    static XenHostFixture start(NestedXenImages images) throws IOException, InterruptedException {
        Files.createDirectories(RUNS);
        stopLeftovers(RUNS);
        KeyPair identity = newIdentity();
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return boot(images, identity, freeLoopbackPort());
            } catch (PortTakenException e) {
                last = e;
            }
        }
        throw last;
    }

    private static XenHostFixture boot(NestedXenImages images, KeyPair identity, int port)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(RUNS, "run-");
        Files.writeString(dir.resolve("owner.pid"), Long.toString(ProcessHandle.current().pid()));
        String[] key = PublicKeyEntry.toString(identity.getPublic()).split(" ");
        List<String> command = List.of("qemu-system-x86_64", "-nodefaults", "-display", "none", "-no-reboot",
                "-machine", "q35", "-accel", "tcg,thread=multi,tb-size=256", "-cpu", "qemu64,+svm,+npt",
                "-m", "1024", "-smp", "1", "-serial", "stdio", "-monitor", "none",
                "-pidfile", dir.resolve("qemu.pid").toAbsolutePath().toString(),
                "-kernel", images.xen().toString(),
                "-append", "dom0_mem=512M,max:512M console=com1 com1=115200,8n1 loglvl=warning guest_loglvl=warning",
                "-initrd", images.kernel() + " console=hvc0 loglevel=4 virtkit_key_type=" + key[0] + " virtkit_key="
                        + key[1] + "," + images.dom0Initramfs(),
                "-netdev", "user,id=net0,hostfwd=tcp:127.0.0.1:" + port + "-:22", "-device", "e1000,netdev=net0");
        long start = System.nanoTime();
        Process qemu = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        CompletableFuture<PublicKey> ready = new CompletableFuture<>();
        Thread follower = new Thread(() -> follow(qemu, dir.resolve("console.log"), ready), "xen-host-console");
        follower.setDaemon(true);
        follower.start();
        Dom0Ssh ssh = null;
        try {
            PublicKey hostKey = ready.get(BOOT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Duration boot = Duration.ofNanos(System.nanoTime() - start);
            ssh = new Dom0Ssh(port, hostKey, identity);
            writeClientFiles(dir, port, hostKey, identity);
            XenHostFixture fixture = new XenHostFixture(dir, qemu, follower, port, ssh, boot);
            fixture.runChecked("true"); // the first session: key exchange and authentication, proved now
            System.err.printf("nested xen host: dom0 ready %d ms after QEMU's start, first SSH command done after %d ms"
                    + " (127.0.0.1:%d, %s)%n", boot.toMillis(), Duration.ofNanos(System.nanoTime() - start).toMillis(),
                    port, dir);
            return fixture;
        } catch (ExecutionException | TimeoutException | IOException | GeneralSecurityException | RuntimeException e) {
            String console = tail(dir.resolve("console.log"), 60);
            if (ssh != null) {
                ssh.close();
            }
            stop(qemu, follower);
            Processes.deleteTree(dir);
            if (console.contains(HOSTFWD_IN_USE)) {
                throw new PortTakenException(console);
            }
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IOException("the nested Xen host did not come up ("
                    + (e instanceof TimeoutException ? "no ready marker within " + BOOT_TIMEOUT : cause.getMessage())
                    + "); its console's last lines:\n" + console, cause);
        }
    }

    /** Copies the serial console into console.log and completes {@code ready} with the pinned host key. */
    private static void follow(Process qemu, Path log, CompletableFuture<PublicKey> ready) {
        PublicKey hostKey = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(qemu.getInputStream(), StandardCharsets.UTF_8));
                Writer out = Files.newBufferedWriter(log)) {
            String line;
            while ((line = in.readLine()) != null) {
                line = line.replace("\r", "");
                out.write(line);
                out.write('\n');
                out.flush();
                if (line.startsWith(HOSTKEY_MARKER)) {
                    hostKey = PublicKeyEntry.parsePublicKeyEntry(line.substring(HOSTKEY_MARKER.length()).strip())
                            .resolvePublicKey(null, null, PublicKeyEntryResolver.FAILING);
                } else if (line.startsWith(READY_MARKER)) {
                    if (hostKey == null) {
                        ready.completeExceptionally(new IOException("dom0 was ready before it printed its host key"));
                    }
                    ready.complete(hostKey);
                } else if (line.startsWith(FAILED_MARKER)) {
                    ready.completeExceptionally(new IOException("dom0's init failed: " + line));
                }
            }
            ready.completeExceptionally(new IOException("QEMU exited (" + qemu.waitFor() + ") before dom0 was ready"));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            ready.completeExceptionally(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ready.completeExceptionally(e);
        }
    }

    /** Runs a command line in dom0 (root's shell) and returns how it ended, failing or not. */
    public Dom0Ssh.Result run(String command, Duration timeout) throws IOException {
        return ssh.run(command, timeout);
    }

    /** Runs a command line in dom0 that must succeed; its standard output. */
    public String runChecked(String command) throws IOException {
        Dom0Ssh.Result result = ssh.run(command, COMMAND_TIMEOUT);
        if (result.exitCode() != 0) {
            throw new IOException("dom0: '" + command + "' failed (exit " + result.exitCode() + "): "
                    + result.stderr().strip() + "\n" + result.stdout().strip());
        }
        return result.stdout();
    }

    /**
     * The URI Virtkit's Xen driver manages this host with: over SSH as root with this boot's identity, the host key
     * pinned in a known_hosts file of the run.
     */
    public String uri() {
        return "xen://root@127.0.0.1:" + sshPort + "/system?keyfile=" + dir.resolve(IDENTITY_FILE).toAbsolutePath()
                + "&known_hosts=" + dir.resolve(KNOWN_HOSTS_FILE).toAbsolutePath();
    }

    /** The identity and known_hosts files {@link #uri()} names (OpenSSH formats, as MINA SSHD and ssh read them). */
    private static void writeClientFiles(Path dir, int port, PublicKey hostKey, KeyPair identity)
            throws IOException, GeneralSecurityException {
        try (var out = Files.newOutputStream(dir.resolve(IDENTITY_FILE))) {
            new OpenSSHKeyPairResourceWriter().writePrivateKey(identity, "virtkit-xen-test", null, out);
        }
        Files.setPosixFilePermissions(dir.resolve(IDENTITY_FILE), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Files.writeString(dir.resolve(KNOWN_HOSTS_FILE), "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(hostKey) + "\n");
    }

    /** The loopback port forwarded to dom0's SSH server. */
    public int sshPort() {
        return sshPort;
    }

    /** From QEMU's start to dom0's ready marker. */
    public Duration bootTime() {
        return bootTime;
    }

    /** Xen's and dom0's serial console so far. */
    public Path consoleLog() {
        return dir.resolve("console.log");
    }

    /** Where dom0 keeps the PV test guest's kernel and initramfs (the same Debian kernel, a busybox init). */
    public static String guestDirectory() {
        return NestedXenImages.GUEST_DIR;
    }

    /**
     * The PV and PVH test guests' kernel in dom0: the bzImage's ELF, unpacked on this machine, which {@code xl create}
     * loads as it is (given the bzImage, xl unpacks its xz in dom0 under TCG: ~8 s of every create).
     */
    public static String guestKernel() {
        return NestedXenImages.GUEST_DIR + "/" + NestedXenImages.GUEST_KERNEL_ELF;
    }

    /**
     * The test guests' kernel as the bzImage itself: what an HVM guest boots (the device model's direct kernel boot
     * loads only that), and what makes a PV {@code xl create} take seconds (xl unpacks it in dom0).
     */
    public static String guestBzImage() {
        return NestedXenImages.GUEST_DIR + "/vmlinuz";
    }

    /** Stops QEMU and deletes the run's files; idempotent. */
    @Override
    public synchronized void close() {
        ssh.close();
        stop(qemu, follower);
        try {
            Processes.deleteTree(dir);
        } catch (IOException | UncheckedIOException e) {
            System.err.println("xen host fixture: could not delete " + dir + ": " + e);
        }
    }

    private static void stop(Process qemu, Thread follower) {
        qemu.destroy();
        try {
            if (!qemu.waitFor(15, TimeUnit.SECONDS)) {
                qemu.destroyForcibly();
                qemu.waitFor(15, TimeUnit.SECONDS);
            }
            follower.join(5000);
        } catch (InterruptedException e) {
            qemu.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the QEMU of a run whose JVM died without its hooks (its {@code qemu.pid} names a live process whose
     * command line holds the run's directory) and deletes such runs' directories; a live JVM's runs are left alone.
     */
    static void stopLeftovers(Path runsDir) throws IOException {
        List<Path> runs;
        try (Stream<Path> dirs = Files.list(runsDir)) {
            runs = dirs.filter(Files::isDirectory).toList();
        }
        for (Path run : runs) {
            if (alive(run.resolve("owner.pid")).isPresent()) {
                continue; // another live JVM's host
            }
            alive(run.resolve("qemu.pid")).filter(qemu -> qemu.info().commandLine().orElse("")
                    .contains(run.toAbsolutePath().toString())).ifPresent(qemu -> {
                        qemu.destroyForcibly();
                        qemu.onExit().orTimeout(15, TimeUnit.SECONDS).exceptionally(t -> qemu).join();
                    });
            Processes.deleteTree(run);
        }
    }

    private static java.util.Optional<ProcessHandle> alive(Path pidFile) throws IOException {
        if (!Files.isRegularFile(pidFile)) {
            return java.util.Optional.empty();
        }
        try {
            return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).filter(ProcessHandle::isAlive);
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private static KeyPair newIdentity() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1")); // ecdsa-sha2-nistp256: dropbear and the JDK
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = new ArrayList<>(Files.readAllLines(file));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no console log: " + e + ")";
        }
    }

    /** QEMU could not bind the forwarded port: another process took it after the probe. */
    private static final class PortTakenException extends IOException {
        private static final long serialVersionUID = 1L;

        PortTakenException(String console) {
            super("the forwarded SSH port was taken:\n" + console);
        }
    }
}
