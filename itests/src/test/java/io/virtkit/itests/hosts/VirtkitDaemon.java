package io.virtkit.itests.hosts;

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
 * One Virtkit host of the end-to-end tests (migration, cluster): the distribution unpacked into a directory of its own and started as
 * users start it ({@code bin/karaf server}, in a session of its own), inside its network namespace
 * ({@code ip netns exec}), so its remote daemon listens with TLS on the namespace's address and everything its
 * drivers make (QEMU's processes, TAP devices, the virtual network's bridge and dnsmasq) lives there. Its files
 * keep to its directory: the remote daemon's UNIX sockets, the QEMU, network, storage and LXC drivers' directories,
 * and its own host UUID, so two daemons may hold the same guest at once during a migration.
 */
public final class VirtkitDaemon implements AutoCloseable {

    /** libvirt's TLS port, on the namespace's own address. */
    public static final int TLS_PORT = 16514;
    private static final Duration START_BOUND = Duration.ofSeconds(180);
    private static final Duration VIRSH_BOUND = Duration.ofSeconds(60);
    /** The console's ssh port: the distribution's (etc/org.apache.karaf.shell.cfg), on the namespace's loopback. */
    private static final String SSH_PORT = "8101";
    private static final Duration CONSOLE_BOUND = Duration.ofSeconds(60);
    /** The console user the tests let in by public key (etc/keys.properties, the distribution's admingroup). */
    private static final String CONSOLE_USER = "vke2e";
    private static final List<String> READY_FEATURES = List.of("virtkit-core", "virtkit-qemu", "virtkit-netdev",
            "virtkit-remote", "virtkit-shell");

    private final String name;
    private final String netns;
    private final String address;
    private final Path dir;
    private final Path home;
    private final UUID hostUuid;
    private final TestPki pki;
    private final List<String> readyFeatures = new java.util.ArrayList<>(READY_FEATURES);
    private Process launcher;
    private long jvmPid = -1;

    private VirtkitDaemon(String name, String netns, String address, Path dir, TestPki pki) {
        this.name = name;
        this.netns = netns;
        this.address = address;
        this.dir = dir;
        this.home = dir.resolve("karaf");
        this.hostUuid = UUID.nameUUIDFromBytes(("virtkit-e2e-host-" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        this.pki = pki;
    }

    /** Unpacks and configures the distribution in {@code dir}; {@link #start()} runs it. */
    public static VirtkitDaemon install(String name, String netns, String address, Path tarball, Path dir, TestPki pki)
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
                "cgroupPath", netns + "/lxc"));
        // the console's ssh on the namespace's own loopback: no port of the machine's is taken
        Path shellCfg = home.resolve("etc/org.apache.karaf.shell.cfg");
        Files.writeString(shellCfg, Files.readString(shellCfg).replaceAll("(?m)^sshHost *=.*$", "sshHost = 127.0.0.1"));
        addConsoleUser(CONSOLE_USER, "admingroup");
    }

    /**
     * Lets {@code user} into the console by public key, in one of the distribution's groups (etc/keys.properties
     * defines them: viewergroup, operatorgroup, admingroup), as an administrator adds one; before {@link #start()}
     * or after (Karaf reads the file at each login). {@link #consoleAs} then logs in as it.
     */
    public void addConsoleUser(String user, String group) throws IOException {
        // ssh-keygen's RSA: Karaf's SSH server reads it as it is
        HostCommand.run(VIRSH_BOUND, "ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-C", user, "-f",
                consoleKey(user).toString()).outOrFail();
        String publicKey = Files.readString(dir.resolve(consoleKey(user).getFileName() + ".pub")).strip().split(" ")[1];
        Files.writeString(home.resolve("etc/keys.properties"), "\n" + user + " = " + publicKey + ",_g_:" + group + "\n",
                java.nio.file.StandardOpenOption.APPEND);
    }

    private Path consoleKey(String user) {
        return dir.resolve("console-key-" + user);
    }

    /** Writes {@code etc/FILE} (a pid's configuration, e.g. {@code io.virtkit.cluster.cfg}) before {@link #start()}. */
    public void writeConfig(String file, Map<String, String> values) throws IOException {
        StringBuilder text = new StringBuilder("# written by the end-to-end tests: this host keeps to its directory\n");
        values.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        Files.writeString(home.resolve("etc").resolve(file), text);
    }

    /**
     * Adds {@code feature} to the features Karaf boots (etc/org.apache.karaf.features.cfg, as a user who wants it at
     * every start edits it) and to those the start waits for: for a feature the distribution has but does not boot.
     */
    public void bootFeature(String feature) throws IOException {
        Path cfg = home.resolve("etc/org.apache.karaf.features.cfg");
        String text = Files.readString(cfg);
        if (!text.matches("(?ms).*^featuresBoot *= *\\\\\n.*")) {
            throw new IllegalStateException("no featuresBoot list in " + cfg);
        }
        Files.writeString(cfg, text.replaceFirst("(?m)^featuresBoot *= *\\\\\n", "featuresBoot = \\\\\n    " + feature + ", \\\\\n"));
        readyFeatures.add(feature);
    }

    /** Starts the JVM in the namespace and waits until it is ready: every feature started, virsh answered on {@link #uri()}. */
    public void start() throws IOException, InterruptedException {
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
        return pid.equals(Long.toString(jvmPid)) && readyFeatures.stream().allMatch(f -> started.contains(" " + f + " "));
    }

    /** virsh in this host's namespace on its {@link #uri()}. */
    public HostCommand.Result virsh(Duration bound, String... args) {
        return virshOn(uri(), bound, args);
    }

    /**
     * How the tests reach this host: its TLS URI; with {@code -Dvirtkit.e2e.transport=unix} its UNIX socket
     * (for finding out, when TLS fails, whether the rest works).
     */
    public String uri() {
        return "unix".equals(System.getProperty("virtkit.e2e.transport")) ? unixUri() : tlsUri();
    }

    public String unixUri() {
        return "qemu+unix:///system?socket=" + socket();
    }

    /** virsh in this host's namespace (it reaches both hosts over the veth) on {@code uri}. */
    public HostCommand.Result virshOn(String uri, Duration bound, String... args) {
        return HostCommand.run(bound, virshCommand(uri, args));
    }

    /** {@link #virsh} started in the background, for a call the test disturbs while it runs. */
    public HostCommand.Running startVirsh(String... args) {
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

    /**
     * Console commands (one a line, run one after another, stopping at the first that fails) as an operator runs
     * them: OpenSSH's {@code ssh} in the namespace to the console on its loopback, by public key. One master
     * connection per daemon ({@code ControlMaster}, in the namespace: it goes with it) carries every call as a channel
     * of its own, so a call costs no JVM and no key exchange. The output; a failed command's error in a non-zero exit.
     */
    public HostCommand.Result console(String commands) {
        return console(CONSOLE_BOUND, commands);
    }

    public HostCommand.Result console(Duration bound, String commands) {
        return consoleAs(CONSOLE_USER, bound, commands);
    }

    /**
     * {@link #console} as a user of {@link #addConsoleUser} (its own master connection). The commands end with an
     * echo of {@link #CONSOLE_DONE}: Karaf's SSH server now and then closes the channel before the exit status
     * (ssh then ends with 255 and says nothing, the output complete; several times a run on a loaded machine), and
     * the marker, printed only when every command before it succeeded, tells success apart from that loss.
     */
    public HostCommand.Result consoleAs(String user, Duration bound, String commands) {
        HostCommand.Result result = HostCommand.run(bound, HostCommand.inNetns(netns, "ssh", "-T", "-p", SSH_PORT, "-i",
                consoleKey(user).toString(), "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                "-o", "ControlMaster=auto", "-o", "ControlPath=" + dir.resolve("console-ssh-" + user),
                "-o", "ControlPersist=600", user + "@127.0.0.1", commands + "\necho " + CONSOLE_DONE));
        String out = result.out();
        int marker = out.lastIndexOf(CONSOLE_DONE);
        if (marker < 0) {
            return result;
        }
        String before = out.substring(0, marker);
        int exit = result.exit() == 255 && result.err().isBlank() ? 0 : result.exit();
        return new HostCommand.Result(result.command(), exit, before, result.err());
    }

    /** What {@link #consoleAs} has the console print after the caller's commands. */
    private static final String CONSOLE_DONE = "vk-console-done";

    /**
     * A console command that only reads, run again (once) when ssh ended with 255 and said nothing and the output
     * is cut short before {@link #consoleAs}'s marker. Running a read twice changes nothing.
     */
    public HostCommand.Result consoleRead(String commands) {
        HostCommand.Result result = console(commands);
        if (result.exit() == 255 && result.err().isBlank()) {
            return console(commands);
        }
        return result;
    }

    /** {@code qemu+tls://ADDRESS/system?pkipath=…}: the client certificate of the tests. */
    public String tlsUri() {
        return "qemu+tls://" + address + "/system?pkipath=" + pki.clientPkiPath();
    }

    /** The read-write UNIX socket (reachable from any namespace: it is a file). */
    public Path socket() {
        return dir.resolve("sock");
    }

    /** Where this daemon's QEMUs have their monitor sockets: their command lines name it. */
    public Path qemuRuntimeDir() {
        return dir.resolve("state/qemu-run");
    }

    public String name() {
        return name;
    }

    public String netns() {
        return netns;
    }

    public String address() {
        return address;
    }

    public UUID hostUuid() {
        return hostUuid;
    }

    public long jvmPid() {
        return jvmPid;
    }

    public boolean isRunning() {
        return jvmPid > 0 && ProcessHandle.of(jvmPid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** A crash: SIGKILL to the JVM, nothing orderly (the QEMUs it started run on: they are in sessions of their own). */
    public void kill() {
        ProcessHandle.of(jvmPid).ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().join();
        });
        if (launcher != null) {
            launcher.destroyForcibly();
        }
        jvmPid = -1;
    }

    /** The PIDs of the QEMUs this daemon started (their monitor sockets are in its runtime directory). */
    public List<Long> qemuPids() {
        return GuestProcesses.underRuntimeDir(this);
    }

    /** A host's death: SIGKILL to the JVM and to every QEMU it started, nothing orderly. */
    public void killWithGuests() {
        kill();
        for (Long pid : qemuPids()) {
            ProcessHandle.of(pid).ifPresent(p -> {
                p.destroyForcibly();
                p.onExit().join();
            });
        }
    }

    /** This daemon's directory (its karaf copy in {@code karaf}, its state in {@code state}). */
    public Path dir() {
        return dir;
    }

    /** The daemon log's last warnings and errors, for a failure's message. */
    public String logTail() {
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
    public void keepLogs(Path target) {
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
