package io.virtkit.remote.internal;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's libvirtd 9.0 as the reference a test compares Virtkit with: an unprivileged session daemon (run as
 * the system user {@value #USER} through setpriv, the user made when missing) whose runtime, config and cache
 * directories lie in the test's directory, so it listens on a socket of its own and touches nothing of the
 * host's libvirt. {@link #close()} kills it and whatever it started, and deletes its directories.
 */
public final class ReferenceLibvirtd implements AutoCloseable {
    /** The user of the benchmark's reference daemon too; a system user without a home. */
    static final String USER = "virtkitbench";
    static final String BINARY = "/usr/sbin/libvirtd";

    private final Path dir;
    private final Process process;

    private ReferenceLibvirtd(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    /** Starts the daemon in {@code dir} (made here; {@code dir}'s parent must let {@value #USER} through). */
    public static ReferenceLibvirtd start(Path dir) throws Exception {
        return start(dir, null);
    }

    /**
     * Starts the daemon also listening with TLS (libvirtd --listen, listen_tls) on 127.0.0.1:{@code tlsPort} with
     * {@code libvirtdConf}'s lines added to its libvirtd.conf (its files: ca_file, cert_file, key_file,
     * tls_allowed_dn_list); the files it names must be readable by {@value #USER}.
     */
    static ReferenceLibvirtd startWithTls(Path dir, int tlsPort, List<String> libvirtdConf) throws Exception {
        List<String> conf = new java.util.ArrayList<>(List.of("listen_tls = 1", "listen_tcp = 0",
                "listen_addr = \"127.0.0.1\"", "tls_port = \"" + tlsPort + "\"", "auth_tls = \"none\""));
        conf.addAll(libvirtdConf);
        ReferenceLibvirtd daemon = start(dir, String.join("\n", conf) + "\n");
        try {
            daemon.awaitTcp(tlsPort);
            return daemon;
        } catch (Exception | Error e) {
            daemon.close();
            throw e;
        }
    }

    /**
     * As {@link #start(Path)}, also listening on TCP or TLS as {@code listenConfig} (lines of libvirtd.conf:
     * {@code listen_tcp}, {@code tcp_port}, {@code auth_tcp}, ...) says: the daemon runs with {@code --listen}.
     */
    public static ReferenceLibvirtd start(Path dir, String listenConfig) throws Exception {
        ensureUser();
        Path runtime = Files.createDirectories(dir.resolve("run"));
        Path config = Files.createDirectories(dir.resolve("config"));
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
        List<String> command = new java.util.ArrayList<>(List.of("setpriv", "--reuid=" + USER, "--regid=" + USER,
                "--clear-groups", BINARY));
        if (listenConfig != null) {
            Files.writeString(Files.createDirectories(config.resolve("libvirt")).resolve("libvirtd.conf"),
                    listenConfig);
            giveToUser(config.resolve("libvirt"));
            giveToUser(config.resolve("libvirt/libvirtd.conf"));
            command.add("--listen");
        }
        for (Path p : List.of(runtime, config, home)) {
            giveToUser(p);
        }
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("libvirtd.log").toFile());
        Map<String, String> env = pb.environment();
        env.clear(); // nothing of the test's session (LIBVIRT_*, DBus) may reach the daemon
        env.put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("HOME", home.toString());
        env.put("XDG_RUNTIME_DIR", runtime.toString());
        env.put("XDG_CONFIG_HOME", config.toString());
        env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        ReferenceLibvirtd daemon = new ReferenceLibvirtd(dir, pb.start());
        try {
            daemon.awaitSocket();
            return daemon;
        } catch (Exception | Error e) {
            daemon.close();
            throw e;
        }
    }

    /** The URI virsh connects to it with. */
    public String uri() {
        return "qemu:///session?socket=" + socket();
    }

    /** The daemon's read-write UNIX socket. */
    public Path socket() {
        return dir.resolve("run/libvirt/libvirt-sock");
    }

    /** Makes {@code path} the daemon user's, as a file the daemon reads must be. */
    public static void giveToUser(Path path) throws Exception {
        ensureUser(); // callers give files before the daemon starts: on a fresh machine the user is not there yet
        var lookup = path.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(path, lookup.lookupPrincipalByName(USER));
        Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class)
                .setGroup(lookup.lookupPrincipalByGroupName(USER));
    }

    /** Waits until a connection to the daemon's socket is accepted, failing once it exits or after 30 s. */
    private void awaitSocket() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        IOException last = null;
        do {
            if (!process.isAlive()) {
                throw new IllegalStateException("libvirtd exited with " + process.exitValue() + ":\n" + log());
            }
            try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                probe.connect(UnixDomainSocketAddress.of(socket()));
                return;
            } catch (IOException notYet) { // no socket yet, or bound but not listening
                last = notYet;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new IllegalStateException("libvirtd did not listen on " + socket() + " within 30 s (" + last + "):\n"
                + log());
    }

    /** Waits until the daemon accepts TCP connections on 127.0.0.1:{@code port}, failing once it exits or after 30 s. */
    private void awaitTcp(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        do {
            if (!process.isAlive()) {
                throw new IllegalStateException("libvirtd exited with " + process.exitValue() + ":\n" + log());
            }
            try (SocketChannel probe = SocketChannel.open(new java.net.InetSocketAddress("127.0.0.1", port))) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        } while (System.nanoTime() < deadline);
        throw new IllegalStateException("libvirtd did not listen on TLS port " + port + " within 30 s:\n" + log());
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("libvirtd.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void ensureUser() throws Exception {
        try {
            Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER);
        } catch (UserPrincipalNotFoundException e) {
            Process p = new ProcessBuilder("useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent",
                    "--shell", "/usr/sbin/nologin", USER).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("useradd " + USER + " failed: " + out);
            }
        }
    }

    /** Kills the daemon (SIGTERM, SIGKILL after 10 s) and what it started, then deletes its directories. */
    @Override
    public void close() throws Exception {
        List<ProcessHandle> children = process.descendants().toList();
        try {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            for (ProcessHandle child : children) {
                child.destroyForcibly();
                child.onExit().get(10, TimeUnit.SECONDS);
            }
        } finally {
            for (String d : List.of("run", "config", "home")) {
                deleteTree(dir.resolve(d));
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
