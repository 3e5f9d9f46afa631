package io.virtkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's real {@code /usr/sbin/libvirtd}, started as an unprivileged session daemon whose runtime, config
 * and cache directories all lie in a directory of the benchmark's, so that it listens on a socket of its own
 * ({@code $XDG_RUNTIME_DIR/libvirt/libvirt-sock}) and touches nothing of the host's libvirt.
 *
 * <p>As root, the daemon runs as the system user {@value #USER} (created with {@code useradd --system} when
 * missing, and left in place afterwards) through {@code setpriv}; as any other user it runs as that user.
 * {@link #close()} stops it (SIGTERM, then SIGKILL after 10 s) and deletes its directory.
 */
final class UnprivilegedLibvirtd implements AutoCloseable {
    static final String USER = "virtkitbench";
    private static final String LIBVIRTD = "/usr/sbin/libvirtd";

    private final Path dir;
    private final Process process;

    private UnprivilegedLibvirtd(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    /**
     * Starts the daemon in {@code work/libvirtd} (deleted by {@link #close()}) and waits until it listens.
     *
     * @param work the benchmark's own temp dir; made traversable (0711) for the daemon's user
     */
    static UnprivilegedLibvirtd start(Path work) throws IOException, InterruptedException {
        boolean root = "0".equals(Commands.run(List.of("id", "-u")).output().strip());
        Path dir = Files.createDirectory(work.resolve("libvirtd"));
        Path runtime = Files.createDirectories(dir.resolve("run"));
        Path config = Files.createDirectories(dir.resolve("config"));
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
        List<String> command;
        if (root) {
            ensureUser();
            // The daemon must reach its directories through the benchmark's temp dir (root's, mode 0700).
            Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx--x--x"));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            chown(runtime, config, home);
            command = List.of("setpriv", "--reuid=" + USER, "--regid=" + USER, "--clear-groups", LIBVIRTD);
        } else {
            command = List.of(LIBVIRTD);
        }
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("libvirtd.log").toFile());
        Map<String, String> env = pb.environment();
        env.clear(); // nothing of the caller's session (DBus, LIBVIRT_*) may leak into the daemon
        env.put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("HOME", home.toString());
        env.put("XDG_RUNTIME_DIR", runtime.toString());
        env.put("XDG_CONFIG_HOME", config.toString());
        env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        UnprivilegedLibvirtd daemon = new UnprivilegedLibvirtd(dir, pb.start());
        try {
            daemon.awaitSocket();
            // setpriv execs libvirtd, so the process started is the daemon whose CPU time the benchmark reads
            String pidFile = Files.readString(runtime.resolve("libvirt/libvirtd.pid")).strip();
            if (!pidFile.equals(Long.toString(daemon.pid()))) {
                throw new IllegalStateException("libvirtd runs as pid " + pidFile + ", not " + daemon.pid());
            }
            if (root) {
                String owner = Files.getOwner(daemon.socket()).getName();
                if (!USER.equals(owner)) {
                    throw new IllegalStateException("libvirtd's socket belongs to " + owner + ", not " + USER);
                }
            }
            return daemon;
        } catch (IOException | InterruptedException | RuntimeException e) {
            daemon.close();
            throw e;
        }
    }

    Path socket() {
        return dir.resolve("run/libvirt/libvirt-sock");
    }

    long pid() {
        return process.pid();
    }

    /** The daemon's HOME: a directory its user owns (where it may make a pool of its own). */
    Path home() {
        return dir.resolve("home");
    }

    private void awaitSocket() throws InterruptedException {
        UnixSockets.await(socket(), process, "libvirtd", 30, this::log);
    }

    String log() {
        try {
            return Files.readString(dir.resolve("libvirtd.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void ensureUser() throws IOException, InterruptedException {
        if (Commands.run(List.of("id", "-u", USER)).exit() != 0) {
            Commands.Result r = Commands.run(List.of("useradd", "--system", "--no-create-home", "--home-dir",
                    "/nonexistent", "--shell", "/usr/sbin/nologin", USER));
            if (r.exit() != 0) {
                throw new IllegalStateException("useradd " + USER + " failed: " + r.output());
            }
        }
    }

    private static void chown(Path... paths) throws IOException {
        UserPrincipalLookupService lookup = paths[0].getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user = lookup.lookupPrincipalByName(USER);
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(USER);
        for (Path p : paths) {
            PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
            view.setOwner(user);
            view.setGroup(group);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy(); // SIGTERM: libvirtd shuts its drivers down and removes its sockets
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        children.forEach(ProcessHandle::destroyForcibly);
        Commands.deleteTree(dir);
    }
}
