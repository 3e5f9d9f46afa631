package io.virtkit.itests.migration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One Virtkit host of the migration tests: the distribution unpacked into a directory of its own and started as
 * users start it ({@code bin/karaf server}, in a session of its own), inside its network namespace
 * ({@code ip netns exec}), so its remote daemon listens with TLS on the namespace's address and everything its
 * drivers make (QEMU's processes, TAP devices, the virtual network's bridge and dnsmasq) lives there. Its files
 * keep to its directory: the remote daemon's UNIX sockets, the QEMU, network, storage and LXC drivers' directories,
 * and its own host UUID, so two daemons may hold the same guest at once during a migration.
 */
final class VirtkitDaemon implements AutoCloseable {

    /** libvirt's TLS port, on the namespace's own address. */
    static final int TLS_PORT = 16514;
    private static final Duration START_BOUND = Duration.ofSeconds(180);
    private static final Duration VIRSH_BOUND = Duration.ofSeconds(60);
    private static final List<String> READY_FEATURES = List.of("virtkit-core", "virtkit-qemu", "virtkit-netdev",
            "virtkit-remote", "virtkit-shell");

    private final String name;
    private final String netns;
    private final String address;
    private final Path dir;
    private final Path home;
    private final UUID hostUuid;
    private final TestPki pki;
    private Process launcher;
    private long jvmPid = -1;

    private VirtkitDaemon(String name, String netns, String address, Path dir, TestPki pki) {
        this.name = name;
        this.netns = netns;
        this.address = address;
        this.dir = dir;
        this.home = dir.resolve("karaf");
        this.hostUuid = UUID.randomUUID();
        this.pki = pki;
    }

    /** Unpacks and configures the distribution in {@code dir}; {@link #start()} runs it. */
    static VirtkitDaemon install(String name, String netns, String address, Path tarball, Path dir, TestPki pki)
            throws IOException {
        VirtkitDaemon daemon = new VirtkitDaemon(name, netns, address, dir, pki);
        Files.createDirectories(daemon.home);
        HostCommand.run(Duration.ofSeconds(120), "tar", "-xzf", tarball.toString(), "-C", daemon.home.toString(),
                "--strip-components=1").outOrFail();
        daemon.configure();
        return daemon;
    }

    private void configure() throws IOException {
        Path state = Files.createDirectories(dir.resolve("state"));
        TestPki.ServerFiles tls = pki.server(address);
        Map<String, String> remote = new LinkedHashMap<>();
        remote.put("socketPath", socket().toString());
        remote.put("readOnlySocketPath", dir.resolve("sock-ro").toString());
        remote.put("tlsEnabled", "true");
        remote.put("tlsAddress", address);
        remote.put("tlsPort", Integer.toString(TLS_PORT));
        remote.put("caFile", tls.caCert().toString());
        remote.put("certFile", tls.cert().toString());
        remote.put("keyFile", tls.key().toString());
        remote.put("tlsAllowedDnList", TestPki.allowedClientDn());
        writeConfig("io.virtkit.remote.cfg", remote);
        Map<String, String> qemu = new LinkedHashMap<>();
        qemu.put("systemConfigDir", state.resolve("qemu").toString());
        qemu.put("systemRuntimeDir", qemuRuntimeDir().toString());
        qemu.put("systemLogDir", state.resolve("qemu-log").toString());
        qemu.put("hostUuid", hostUuid.toString());
        // incoming migrations on the namespace's address, also when the caller names none
        qemu.put("migrationHost", address);
        writeConfig("io.virtkit.qemu.cfg", qemu);
        writeConfig("io.virtkit.netdev.cfg", Map.of("stateDir", state.resolve("network").toString(),
                "runDir", state.resolve("network-run").toString()));
        writeConfig("io.virtkit.storage.cfg", Map.of("configDir", state.resolve("storage").toString(),
                "stateDir", state.resolve("storage-run").toString(),
                "sessionConfigDir", state.resolve("storage-session").toString(),
                "sessionStateDir", state.resolve("storage-session-run").toString()));
        writeConfig("io.virtkit.lxc.cfg", Map.of("configDir", state.resolve("lxc").toString(),
                "runtimeDir", state.resolve("lxc-run").toString(), "logDir", state.resolve("lxc-log").toString(),
                "cgroupPath", NamespacePair.PREFIX + name + "/lxc"));
        // the console's ssh on the namespace's own loopback: no port of the machine's is taken
        Path shellCfg = home.resolve("etc/org.apache.karaf.shell.cfg");
        Files.writeString(shellCfg, Files.readString(shellCfg).replaceAll("(?m)^sshHost *=.*$", "sshHost = 127.0.0.1"));
    }

    private void writeConfig(String file, Map<String, String> values) throws IOException {
        StringBuilder text = new StringBuilder("# written by the migration tests: this host keeps to its directory\n");
        values.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        Files.writeString(home.resolve("etc").resolve(file), text);
    }

    /** Starts the JVM in the namespace and waits until it is ready: every feature started, virsh answered on {@link #uri()}. */
    void start() throws IOException, InterruptedException {
        if (isRunning()) {
            throw new IllegalStateException(name + " runs already");
        }
        Files.deleteIfExists(home.resolve("karaf.pid"));
        Files.deleteIfExists(home.resolve("data/virtkit-ready"));
        ProcessBuilder pb = new ProcessBuilder(HostCommand.inNetns(netns, "setsid", home.resolve("bin/karaf").toString(),
                "server")).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("karaf.out").toFile()));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("JAVA_OPTS");
        pb.environment().remove("EXTRA_JAVA_OPTS");
        launcher = pb.start();
        launcher.getOutputStream().close();
        awaitReady();
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_BOUND.toNanos();
        Path pidFile = home.resolve("karaf.pid");
        Path marker = home.resolve("data/virtkit-ready");
        String why = "no karaf.pid";
        while (System.nanoTime() < deadline) {
            if (!launcher.isAlive() && !isRunning()) {
                throw new IllegalStateException(name + ": Karaf exited during start-up\n" + logTail());
            }
            if (jvmPid < 0 && Files.exists(pidFile) && Files.readString(pidFile).strip().matches("\\d+")) {
                jvmPid = Long.parseLong(Files.readString(pidFile).strip());
            }
            if (jvmPid > 0) {
                why = "features not started";
                if (Files.exists(marker) && featuresStarted(Files.readString(marker))) {
                    why = "virsh got no answer on " + uri();
                    HostCommand.Result uri = virsh(VIRSH_BOUND, "uri");
                    if (uri.ok() && uri.out().strip().startsWith("qemu")) {
                        return;
                    }
                    why += ": " + uri;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " not ready within " + START_BOUND + " (" + why + ")\n" + logTail());
    }

    private boolean featuresStarted(String marker) {
        String pid = marker.lines().filter(l -> l.startsWith("pid=")).map(l -> l.substring(4)).findFirst().orElse("");
        String started = " " + marker.lines().filter(l -> l.startsWith("started=")).map(l -> l.substring(8))
                .findFirst().orElse("") + " ";
        return pid.equals(Long.toString(jvmPid)) && READY_FEATURES.stream().allMatch(f -> started.contains(" " + f + " "));
    }

    /** virsh in this host's namespace on its {@link #uri()}. */
    HostCommand.Result virsh(Duration bound, String... args) {
        return virshOn(uri(), bound, args);
    }

    /**
     * How the tests reach this host: its TLS URI; with {@code -Dvirtkit.e2e.transport=unix} its UNIX socket
     * (for finding out, when TLS fails, whether the rest works).
     */
    String uri() {
        return "unix".equals(System.getProperty("virtkit.e2e.transport")) ? unixUri() : tlsUri();
    }

    String unixUri() {
        return "qemu+unix:///system?socket=" + socket();
    }

    /** virsh in this host's namespace (it reaches both hosts over the veth) on {@code uri}. */
    HostCommand.Result virshOn(String uri, Duration bound, String... args) {
        return HostCommand.run(bound, virshCommand(uri, args));
    }

    /** {@link #virsh} started in the background, for a call the test disturbs while it runs. */
    HostCommand.Running startVirsh(String... args) {
        return HostCommand.start(virshCommand(uri(), args));
    }

    private List<String> virshCommand(String uri, String... args) {
        String[] command = new String[args.length + 4];
        command[0] = "virsh";
        command[1] = "-q";
        command[2] = "-c";
        command[3] = uri;
        System.arraycopy(args, 0, command, 4, args.length);
        return HostCommand.inNetns(netns, command);
    }

    /** {@code qemu+tls://ADDRESS/system?pkipath=…}: the client certificate of the tests. */
    String tlsUri() {
        return "qemu+tls://" + address + "/system?pkipath=" + pki.clientPkiPath();
    }

    /** The read-write UNIX socket (reachable from any namespace: it is a file). */
    Path socket() {
        return dir.resolve("sock");
    }

    /** Where this daemon's QEMUs have their monitor sockets: their command lines name it. */
    Path qemuRuntimeDir() {
        return dir.resolve("state/qemu-run");
    }

    String name() {
        return name;
    }

    String netns() {
        return netns;
    }

    String address() {
        return address;
    }

    UUID hostUuid() {
        return hostUuid;
    }

    long jvmPid() {
        return jvmPid;
    }

    boolean isRunning() {
        return jvmPid > 0 && ProcessHandle.of(jvmPid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** A crash: SIGKILL to the JVM, nothing orderly (the QEMUs it started run on: they are in sessions of their own). */
    void kill() {
        ProcessHandle.of(jvmPid).ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().join();
        });
        if (launcher != null) {
            launcher.destroyForcibly();
        }
        jvmPid = -1;
    }

    /** The daemon log's last warnings and errors, for a failure's message. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(home.resolve("data/log/karaf.log"),
                    java.nio.charset.StandardCharsets.ISO_8859_1).stream()
                    .filter(l -> l.contains("| WARN ") || l.contains("| ERROR ")).toList();
            return "--- " + name + " karaf.log (last warnings and errors) ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "--- " + name + ": no karaf.log (" + e.getMessage() + ")";
        }
    }

    /** Copies the daemon's log (and QEMU's logs) to {@code target}, which outlives the fixture's directory. */
    void keepLogs(Path target) {
        try {
            Files.createDirectories(target);
            Path log = home.resolve("data/log/karaf.log");
            if (Files.exists(log)) {
                Files.copy(log, target.resolve(name + "-karaf.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Path qemuLogs = dir.resolve("state/qemu-log");
            if (Files.isDirectory(qemuLogs)) {
                try (var logs = Files.list(qemuLogs)) {
                    for (Path q : logs.toList()) {
                        Files.copy(q, target.resolve(name + "-qemu-" + q.getFileName()),
                                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            System.err.println("cannot keep " + name + "'s logs: " + e);
        }
    }

    /** Kills the JVM; the namespace's deletion takes the QEMUs and devices with it. */
    @Override
    public void close() {
        kill();
    }
}
