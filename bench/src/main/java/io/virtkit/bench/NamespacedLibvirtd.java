package io.virtkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's real {@code /usr/sbin/libvirtd} 9.0 as the system daemon ({@code qemu:///system}) of one
 * {@link MigrationHosts.Host}: in the host's network namespace, with its host name, and in a private mount namespace
 * where directories of the benchmark's are bound over {@code /etc/libvirt}, {@code /run/libvirt},
 * {@code /var/lib/libvirt}, {@code /var/cache/libvirt} and {@code /var/log/libvirt} (the privileged daemon's fixed
 * paths), so two of them run side by side and neither touches the machine's libvirt.
 *
 * <p>It listens with TLS on the host's address (port 16514, the benchmark's certificates, {@code auth_tls = "none"}:
 * the certificate is the credential), claims the host's UUID ({@code host_uuid}), and runs QEMU as root without a
 * security driver, cgroups or a private /dev ({@code qemu.conf}), since this machine is a container without systemd.
 * {@code migration_host} is the host's address, so a destination tells the source an address it reaches. Its log keeps
 * QEMU's monitor replies ({@code log_filters}), where {@link #qemuMigrations()} finds QEMU's own figures.
 */
final class NamespacedLibvirtd implements AutoCloseable {
    /** The mount points the daemons' directories are bound over (made when missing, see {@link #makeMountPoints}). */
    static final Map<String, String> MOUNT_POINTS = Map.of("/etc/libvirt", "etc", "/run/libvirt", "run",
            "/var/lib/libvirt", "lib", "/var/cache/libvirt", "cache", "/var/log/libvirt", "log");
    /** libvirt's QEMU driver resolves its default user before it reads qemu.conf: it must exist (Debian's). */
    static final String QEMU_USER = "libvirt-qemu";
    private static final Pattern COMPLETED = Pattern.compile("\"status\": ?\"completed\"");
    private static final Pattern TOTAL_TIME = Pattern.compile("\"total-time\": ?(\\d+)");
    private static final Pattern DOWNTIME = Pattern.compile("\"downtime\": ?(\\d+)");

    /** QEMU's own figures of one completed outgoing migration ({@code query-migrate}: total-time, downtime; ms). */
    record QemuFigures(long totalTimeMs, long downtimeMs) {}

    private final MigrationHosts.Host host;
    private final Path dir;
    private final Path clientPki;
    private final Process process;

    private NamespacedLibvirtd(MigrationHosts.Host host, Path dir, Path clientPki, Process process) {
        this.host = host;
        this.dir = dir;
        this.clientPki = clientPki;
        this.process = process;
    }

    /**
     * The mount points of {@link #MOUNT_POINTS} that do not exist yet, made now (empty directories the daemons'
     * directories are bound over); the caller removes them at the end.
     */
    static List<Path> makeMountPoints() throws IOException {
        List<Path> made = new ArrayList<>();
        for (String point : MOUNT_POINTS.keySet()) {
            Path p = Path.of(point);
            if (!Files.isDirectory(p)) {
                Files.createDirectories(p);
                made.add(p);
            }
        }
        return made;
    }

    /** Debian's {@value #QEMU_USER} (a system user), made when missing and left in place. */
    static void ensureQemuUser() throws IOException, InterruptedException {
        if (Commands.run(List.of("id", "-u", QEMU_USER)).exit() != 0) {
            Commands.Result r = Commands.run(List.of("useradd", "--system", "--user-group", "--no-create-home",
                    "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", QEMU_USER));
            if (r.exit() != 0) {
                throw new IllegalStateException("useradd " + QEMU_USER + " failed: " + r.output());
            }
        }
    }

    /** Writes the configuration into {@code dir}, starts the daemon and waits until its UNIX socket answers. */
    static NamespacedLibvirtd start(MigrationHosts.Host host, Path dir, MigrationPki.ServerFiles tls, Path clientPki)
            throws IOException, InterruptedException {
        Map<String, String> binds = new LinkedHashMap<>();
        MOUNT_POINTS.forEach((point, name) -> binds.put(point, dir.resolve(name).toString()));
        for (String source : binds.values()) {
            Files.createDirectories(Path.of(source));
        }
        Path etc = dir.resolve("etc");
        Files.writeString(etc.resolve("libvirtd.conf"), String.join("\n",
                "listen_tls = 1",
                "listen_tcp = 0",
                "listen_addr = \"" + host.address() + "\"",
                "ca_file = \"" + tls.caCert() + "\"",
                "cert_file = \"" + tls.cert() + "\"",
                "key_file = \"" + tls.key() + "\"",
                "auth_tls = \"none\"",
                "auth_unix_rw = \"none\"",
                "host_uuid = \"" + host.hostUuid() + "\"",
                "log_filters = \"1:qemu.qemu_monitor_json\"",
                "log_outputs = \"1:file:/var/log/libvirt/libvirtd.log\"", ""));
        Files.writeString(etc.resolve("qemu.conf"), String.join("\n",
                "user = \"root\"",
                "group = \"root\"",
                "dynamic_ownership = 0",
                "remember_owner = 0",
                "security_driver = \"none\"",
                "cgroup_controllers = [ ]",
                "namespaces = [ ]",
                "stdio_handler = \"file\"",
                "migration_host = \"" + host.address() + "\"",
                "migration_address = \"" + host.address() + "\"", ""));
        List<String> command = host.wrap(List.of("libvirtd", "-f", "/etc/libvirt/libvirtd.conf", "--listen",
                "--pid-file", "/run/libvirt/libvirtd.pid"), binds);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("libvirtd.out").toFile());
        pb.environment().clear(); // nothing of the caller's session (DBus, LIBVIRT_*) may leak into the daemon
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        NamespacedLibvirtd daemon = new NamespacedLibvirtd(host, dir, clientPki, pb.start());
        try {
            daemon.awaitSocket();
            // ip netns exec, unshare and sh all exec: the process started is libvirtd itself
            String pid = Files.readString(dir.resolve("run/libvirtd.pid")).strip();
            if (!pid.equals(Long.toString(daemon.process.pid()))) {
                throw new IllegalStateException("libvirtd of " + host.label() + " runs as pid " + pid + ", not "
                        + daemon.process.pid());
            }
            return daemon;
        } catch (IOException | InterruptedException | RuntimeException e) {
            daemon.close();
            throw e;
        }
    }

    /** The daemon's own socket: what virsh on its host uses to reach it. */
    String localUri() {
        return "qemu+unix:///system?socket=" + socket();
    }

    /** The daemon reached from the other host: TLS to its address, virsh's certificate from the benchmark's pki. */
    String tlsUri() {
        return "qemu+tls://" + host.address() + "/system?pkipath=" + clientPki;
    }

    MigrationHosts.Host host() {
        return host;
    }

    /** The daemon's pid (whose CPU time the benchmark reads). */
    long pid() {
        return process.pid();
    }

    private Path socket() {
        return dir.resolve("run/libvirt-sock");
    }

    /** QEMU's figures of every completed outgoing migration so far, in order, from its query-migrate replies. */
    List<QemuFigures> qemuMigrations() throws IOException {
        List<QemuFigures> figures = new ArrayList<>();
        Path log = dir.resolve("log/libvirtd.log");
        if (!Files.exists(log)) {
            return figures;
        }
        for (String line : Files.readAllLines(log)) {
            if (line.contains("QEMU_MONITOR_RECV_REPLY") && COMPLETED.matcher(line).find()) {
                Matcher total = TOTAL_TIME.matcher(line);
                Matcher downtime = DOWNTIME.matcher(line);
                if (total.find() && downtime.find()) {
                    figures.add(new QemuFigures(Long.parseLong(total.group(1)), Long.parseLong(downtime.group(1))));
                }
            }
        }
        return figures;
    }

    private void awaitSocket() throws InterruptedException {
        UnixSockets.await(socket(), process, "libvirtd of " + host.label(), 60, () -> output() + log());
    }

    private String output() {
        try {
            return Files.readString(dir.resolve("libvirtd.out"));
        } catch (IOException e) {
            return "";
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("log/libvirtd.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM (libvirtd removes its sockets and pid file), SIGKILL after 15 s. Guests it runs are not touched. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            System.err.println("libvirtd of " + host.label() + " still runs 15 s after SIGTERM: killing it");
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
