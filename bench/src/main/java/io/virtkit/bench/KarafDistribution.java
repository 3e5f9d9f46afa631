package io.virtkit.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import io.virtkit.qemu.testing.TraversableFiles;

/**
 * Virtkit's distribution run as users run it: the tarball unpacked into a directory of the benchmark's and
 * started with {@code bin/karaf server} in a session of its own, exactly as {@code ./virtkit start} does (same
 * {@code bin/setenv}, JVM options and boot features), but with every host path and port of its own, so that
 * a running {@code ./virtkit} instance and {@code /run/virtkit} are never touched:
 * <ul>
 * <li>the remote daemon's sockets ({@code etc/io.virtkit.remote.cfg}) in the benchmark's directory;</li>
 * <li>the QEMU, LXC, network and storage drivers' directories there too, and LXC's cgroup path under a name of its
 * own;</li>
 * <li>the console's ssh on 127.0.0.1 and a port that was free a moment before.</li>
 * </ul>
 * {@link #close()} stops the JVM with SIGTERM (Karaf's orderly shutdown), SIGKILL after 30 s.
 */
final class KarafDistribution implements AutoCloseable {
    private static final Pattern TARBALL = Pattern.compile("virtkit-distribution-.*\\.tar\\.gz");

    private final Path home;
    private final Path socket;
    private final Process launcher;
    private final long jvmPid;
    private final double startSeconds;
    /** qemu:///system's runtime directory: monitor sockets QEMU (running as virtkit-qemu) creates, so traversable. */
    private Path qemuRun;

    private KarafDistribution(Path home, Path socket, Process launcher, long jvmPid, double startSeconds) {
        this.home = home;
        this.socket = socket;
        this.launcher = launcher;
        this.jvmPid = jvmPid;
        this.startSeconds = startSeconds;
    }

    /** The newest {@code distribution/target/virtkit-distribution-*.tar.gz} under {@code checkout}. */
    static Path newestTarball(Path checkout) throws IOException {
        Path target = checkout.resolve("distribution/target");
        if (!Files.isDirectory(target)) {
            throw new IllegalStateException("no " + target + ": build the distribution first (mvn -B -q install -DskipTests)");
        }
        try (var files = Files.list(target)) {
            Optional<Path> newest = files.filter(p -> TARBALL.matcher(p.getFileName().toString()).matches())
                    .max((a, b) -> {
                        try {
                            return Files.getLastModifiedTime(a).compareTo(Files.getLastModifiedTime(b));
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    });
            return newest.orElseThrow(() -> new IllegalStateException("no virtkit-distribution-*.tar.gz in " + target));
        }
    }

    /**
     * Unpacks {@code tarball} into {@code dir/karaf}, configures it to keep to {@code dir}, starts it and waits
     * until its remote daemon answers {@code virsh -c test+unix:///default?socket=…} (the test driver is up).
     */
    static KarafDistribution start(Path tarball, Path dir) throws IOException, InterruptedException {
        return start(tarball, dir, Map.of());
    }

    /** As {@link #start(Path, Path)}, with more configuration files ({@code etc/<name>}: key, value) written first. */
    static KarafDistribution start(Path tarball, Path dir, Map<String, Map<String, String>> moreConfigs)
            throws IOException, InterruptedException {
        return start(tarball, dir, moreConfigs, UnaryOperator.identity());
    }

    /**
     * As {@link #start(Path, Path, Map)}, the keys of a configuration file this class writes too ({@code
     * io.virtkit.remote.cfg}, …) added to its own, and {@code bin/karaf server} run through {@code launch} (e.g. in a
     * network namespace: {@code ip netns exec NS …}, which must exec the command, so the JVM stays the launcher's child).
     */
    static KarafDistribution start(Path tarball, Path dir, Map<String, Map<String, String>> moreConfigs,
            UnaryOperator<List<String>> launch) throws IOException, InterruptedException {
        Path home = Files.createDirectories(dir.resolve("karaf"));
        Commands.Result untar = Commands.run(List.of("tar", "-xzf", tarball.toString(), "-C", home.toString(),
                "--strip-components=1"));
        if (untar.exit() != 0) {
            throw new IllegalStateException("tar -xzf " + tarball + " failed: " + untar.output());
        }
        Path socket = dir.resolve("virtkit-sock");
        Path state = Files.createDirectories(dir.resolve("state"));
        Path qemuRun = TraversableFiles.newDirectory("karaf-qemu-run-");
        Path etc = home.resolve("etc");
        Map<String, Map<String, String>> configs = new LinkedHashMap<>();
        configs.put("io.virtkit.remote.cfg", Map.of("socketPath", socket.toString(),
                "readOnlySocketPath", dir.resolve("virtkit-sock-ro").toString()));
        configs.put("io.virtkit.qemu.cfg", Map.of("systemConfigDir", state.resolve("qemu").toString(),
                "systemRuntimeDir", qemuRun.toString(), "systemLogDir",
                state.resolve("qemu-log").toString()));
        configs.put("io.virtkit.lxc.cfg", Map.of("configDir", state.resolve("lxc").toString(),
                "runtimeDir", state.resolve("lxc-run").toString(), "logDir", state.resolve("lxc-log").toString(),
                "cgroupPath", "virtkit-bench-" + ProcessHandle.current().pid() + "/lxc"));
        configs.put("io.virtkit.storage.cfg", Map.of("configDir", state.resolve("storage").toString(),
                "stateDir", state.resolve("storage-run").toString(), "sessionConfigDir",
                state.resolve("storage-session").toString(), "sessionStateDir",
                state.resolve("storage-session-run").toString()));
        configs.put("io.virtkit.netdev.cfg", Map.of("stateDir", state.resolve("network").toString(),
                "runDir", state.resolve("network-run").toString()));
        for (Map.Entry<String, Map<String, String>> more : moreConfigs.entrySet()) {
            Map<String, String> merged = new LinkedHashMap<>(configs.getOrDefault(more.getKey(), Map.of()));
            merged.putAll(more.getValue());
            configs.put(more.getKey(), merged);
        }
        for (Map.Entry<String, Map<String, String>> config : configs.entrySet()) {
            writeConfig(etc.resolve(config.getKey()), config.getValue());
        }
        Path shellCfg = etc.resolve("org.apache.karaf.shell.cfg");
        String shell = Files.readString(shellCfg).replaceAll("(?m)^sshPort *=.*$", "sshPort = " + freePort())
                .replaceAll("(?m)^sshHost *=.*$", "sshHost = 127.0.0.1");
        Files.writeString(shellCfg, shell);
        for (String script : List.of("karaf", "setenv", "inc", "stop")) {
            home.resolve("bin").resolve(script).toFile().setExecutable(true);
        }

        ProcessBuilder pb = new ProcessBuilder(launch.apply(List.of("setsid", home.resolve("bin/karaf").toString(),
                "server")))
                .directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("karaf.out").toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("JAVA_OPTS"); // the distribution's own options, as ./virtkit start runs it
        pb.environment().remove("EXTRA_JAVA_OPTS");
        long t0 = System.nanoTime();
        Process launcher = pb.start();
        launcher.getOutputStream().close();
        long jvm = -1;
        KarafDistribution started = null;
        try {
            jvm = awaitJvm(home, launcher);
            awaitDaemon(home, socket, launcher, dir);
            started = new KarafDistribution(home, socket, launcher, jvm, (System.nanoTime() - t0) / 1e9);
            started.qemuRun = qemuRun;
            return started;
        } finally {
            if (started == null) {
                stop(launcher, jvm);
                Commands.deleteTree(qemuRun);
            }
        }
    }

    private static void writeConfig(Path file, Map<String, String> values) throws IOException {
        StringBuilder text = new StringBuilder("# written by the remote benchmark: this instance keeps to its own dir\n");
        values.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        Files.writeString(file, text);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Karaf writes its JVM's pid to {@code karaf.pid}; {@code bin/karaf} is a shell that runs the JVM as its child. */
    private static long awaitJvm(Path home, Process launcher) throws IOException, InterruptedException {
        Path pidFile = home.resolve("karaf.pid");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (Files.exists(pidFile)) {
                String text = Files.readString(pidFile).strip();
                if (text.matches("\\d+")) {
                    return Long.parseLong(text);
                }
            }
            if (!launcher.isAlive()) {
                throw new IllegalStateException("bin/karaf exited with " + launcher.exitValue());
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no karaf.pid after 120 s");
    }

    private static void awaitDaemon(Path home, Path socket, Process launcher, Path dir)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        String uri = uri(socket);
        while (System.nanoTime() < deadline) {
            if (!launcher.isAlive()) {
                throw new IllegalStateException("Karaf exited during start-up; see " + home.resolve("data/log/karaf.log"));
            }
            if (UnixSockets.accepts(socket)) {
                ProcessBuilder pb = new ProcessBuilder("virsh", "-q", "-c", uri, "uri").redirectErrorStream(true);
                pb.environment().remove("LIBVIRT_DEFAULT_URI");
                pb.environment().put("HOME", dir.toString());
                Process p = pb.start();
                String out = new String(p.getInputStream().readAllBytes());
                if (p.waitFor() == 0 && out.strip().startsWith("test")) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the remote daemon did not answer on " + socket + " within 180 s");
    }

    static String uri(Path socket) {
        return "test+unix:///default?socket=" + socket;
    }

    String uri() {
        return uri(socket);
    }

    Path socket() {
        return socket;
    }

    /** The Karaf JVM (the daemon whose CPU time the benchmark counts). */
    long pid() {
        return jvmPid;
    }

    Path home() {
        return home;
    }

    /** From {@code bin/karaf server} until the daemon answered a virsh on the test driver. */
    double startSeconds() {
        return startSeconds;
    }

    @Override
    public void close() throws InterruptedException {
        stop(launcher, jvmPid);
        try {
            if (qemuRun != null) {
                Commands.deleteTree(qemuRun);
            }
        } catch (IOException e) {
            System.err.println("cannot delete " + qemuRun + ": " + e);
        }
    }

    private static void stop(Process launcher, long jvmPid) throws InterruptedException {
        Optional<ProcessHandle> jvm = jvmPid > 0 ? ProcessHandle.of(jvmPid) : Optional.empty();
        jvm.ifPresent(ProcessHandle::destroy); // SIGTERM: Karaf's shutdown hook stops the framework
        if (jvm.isPresent()) {
            try {
                jvm.get().onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception notYet) {
                System.err.println("Karaf JVM " + jvmPid + " still runs 30 s after SIGTERM: killing it");
                jvm.get().destroyForcibly();
            }
        }
        if (!launcher.waitFor(10, TimeUnit.SECONDS)) {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The Karaf JVM's heap, GC and JIT options ({@code -X…}), as bin/setenv and bin/karaf gave them. */
    String jvmOptions() {
        try {
            String cmdline = Files.readString(Path.of("/proc", Long.toString(jvmPid), "cmdline"));
            return String.join(" ", Arrays.stream(cmdline.split("\0")).filter(a -> a.startsWith("-X")).toList());
        } catch (IOException e) {
            return "(unknown: " + e.getMessage() + ")";
        }
    }
}
