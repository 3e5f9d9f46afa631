package io.virtkit.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The distribution as a user runs it: start time and footprint of the Karaf JVM that {@code ./virtkit start}
 * launches, from a copy of the launcher and the built tarball in a temp dir (so the checkout's own
 * {@code .virtkit/} is left alone, and the copy unpacks and configures its instance exactly as a fresh
 * checkout does).
 * <ol>
 * <li>{@code ./virtkit start} on the fresh copy (unpack, first boot with an empty bundle cache), then
 * {@code ./virtkit stop}/{@code start} again: wall time of each {@code start} until it returns (ready: every
 * Virtkit feature started);</li>
 * <li>the JVM's RSS ({@code VmRSS}) and threads at ready and after 10 s idle;</li>
 * <li>the remote daemon's throughput through the distribution: one virsh session running the 1000-domain
 * lifecycle script of {@link RemoteDaemonBench} on {@code test:///default} several times (wall and daemon
 * CPU), and the RSS after it (about 11,000 calls per run);</li>
 * <li>N QEMU guests (TCG, 16 MiB, no disk) defined through the remote socket, M of them started, then all of
 * them started: RSS and threads at each step;</li>
 * <li>C python3-libvirt clients connected and held open: RSS and threads;</li>
 * <li>every guest destroyed and undefined, the instance stopped, the temp dir deleted.</li>
 * </ol>
 * It uses the host-global places the launcher uses (port 8101, /run/virtkit, /var/lib/virtkit/qemu): run it
 * as root under the suite lock. Usage:
 * {@code java -cp benchmarks.jar io.virtkit.bench.DistributionFootprintBench [checkout] [guests] [started] [clients] [restarts] [scriptRounds]}
 * (defaults: ., 100, 20, 100, 3, 4).
 */
public final class DistributionFootprintBench {
    private static final String PREFIX = "fpbench-";
    private static final String SOCKET = "/run/virtkit/virtkit-sock";
    private static final String QEMU_URI = "qemu+unix:///system?socket=" + SOCKET;
    private static final String TEST_URI = "test+unix:///default?socket=" + SOCKET;

    private final Path work;
    private final Path launcher;

    private DistributionFootprintBench(Path work, Path launcher) {
        this.work = work;
        this.launcher = launcher;
    }

    public static void main(String[] args) throws Exception {
        Path checkout = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int guests = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int started = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int clients = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        int restarts = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        int scriptRounds = args.length > 5 ? Integer.parseInt(args[5]) : 4;
        if (guests < 0 || started < 0 || started > guests || clients < 0 || restarts < 0 || scriptRounds < 0) {
            throw new IllegalArgumentException("usage: DistributionFootprintBench [checkout] [guests>=0] "
                    + "[started<=guests] [clients>=0] [restarts>=0] [scriptRounds>=0]");
        }
        if (Files.exists(Path.of(SOCKET))) {
            throw new IllegalStateException(SOCKET + " exists: another Virtkit runs (stop it first)");
        }
        Path tarball = newestTarball(checkout.resolve("distribution/target"));
        Path work = Files.createTempDirectory("virtkit-footprint-bench");
        Path launcher = work.resolve("virtkit");
        Files.copy(checkout.resolve("virtkit"), launcher, StandardCopyOption.COPY_ATTRIBUTES);
        Path dist = Files.createDirectories(work.resolve("distribution/target"));
        // The launcher rebuilds when a source is newer than the tarball: the copy has no sources, only the tarball.
        Files.copy(tarball, dist.resolve(tarball.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
        DistributionFootprintBench bench = new DistributionFootprintBench(work, launcher);
        System.out.printf(Locale.ROOT, "distribution: %s (%d KiB)%nload average at start: %s%n", tarball,
                Files.size(tarball) / 1024, loadAverage());
        try {
            bench.run(guests, started, clients, restarts, scriptRounds);
        } finally {
            bench.cleanUp();
            System.out.printf(Locale.ROOT, "load average at end: %s%n", loadAverage());
        }
    }

    private void run(int guests, int started, int clients, int restarts, int scriptRounds) throws Exception {
        double first = startSeconds();
        long pid = pid();
        System.out.printf(Locale.ROOT, "first start (unpack, empty bundle cache): %.2f s, pid %d, %d bundles%n",
                first, pid, bundleCount());
        report("at ready", pid);
        double[] again = new double[restarts];
        for (int i = 0; i < restarts; i++) {
            launch("stop");
            again[i] = startSeconds();
        }
        if (restarts > 0) {
            pid = pid();
            System.out.printf(Locale.ROOT, "restart (./virtkit stop; ./virtkit start) x%d: %s s, median %.2f s%n",
                    restarts, round2(again), median(again));
            report("at ready after restart", pid);
        }
        Thread.sleep(10_000);
        report("idle 10 s after ready", pid);
        System.out.println("threads by name: " + threadNames(pid));

        if (scriptRounds > 0) {
            Path dir = Files.createDirectories(work.resolve("script"));
            VirshLifecycleScript script = VirshLifecycleScript.write(dir, 1000);
            double[] wall = new double[scriptRounds];
            double[] cpu = new double[scriptRounds];
            for (int i = 0; i < scriptRounds; i++) {
                double cpu0 = ProcessCpu.seconds(pid);
                VirshLifecycleScript.Run run = script.run(TEST_URI);
                cpu[i] = ProcessCpu.seconds(pid) - cpu0;
                script.verify("the distribution", run);
                wall[i] = run.nanos() / 1e9;
            }
            System.out.printf(Locale.ROOT, "virsh lifecycle script, 1000 test:/// domains through the distribution "
                    + "(~11,000 calls) x%d: wall %s s, daemon CPU %s s; median of rounds 2..: wall %.2f s, CPU %.2f s%n",
                    scriptRounds, round2(wall), round2(cpu),
                    median(tail(wall)), median(tail(cpu)));
            report("after the script runs", pid);
        }

        if (guests > 0) {
            Path dir = Files.createDirectories(work.resolve("guests"));
            StringBuilder define = new StringBuilder();
            for (int i = 1; i <= guests; i++) {
                Path xml = dir.resolve(PREFIX + i + ".xml");
                Files.writeString(xml, "<domain type='qemu'><name>" + PREFIX + i + "</name>"
                        + "<memory unit='MiB'>16</memory><vcpu>1</vcpu>"
                        + "<os><type arch='x86_64' machine='pc'>hvm</type></os><devices/></domain>\n");
                define.append("define ").append(xml).append('\n');
            }
            double t = virsh(QEMU_URI, define.toString(), guests, "' defined from ");
            System.out.printf(Locale.ROOT, "%d QEMU guests defined in %.2f s%n", guests, t);
            report(guests + " defined", pid);
            if (started > 0) {
                t = virsh(QEMU_URI, starts(1, started), started, "' started");
                System.out.printf(Locale.ROOT, "%d started in %.2f s%n", started, t);
                Thread.sleep(5_000);
                report(guests + " defined, " + started + " running", pid);
            }
            if (guests > started) {
                t = virsh(QEMU_URI, starts(started + 1, guests), guests - started, "' started");
                System.out.printf(Locale.ROOT, "%d more started in %.2f s%n", guests - started, t);
                Thread.sleep(5_000);
                report(guests + " running", pid);
                System.out.println("threads by name: " + threadNames(pid));
            }
        }

        if (clients > 0) {
            heldClients(clients, pid);
        }
    }

    /** {@code ./virtkit start}, timed until it returns. */
    private double startSeconds() throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        launch("start");
        return (System.nanoTime() - t0) / 1e9;
    }

    private String launch(String verb) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(launcher.toString(), verb).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("./virtkit " + verb + " failed:\n" + out);
        }
        return out;
    }

    private long pid() throws IOException {
        return Long.parseLong(Files.readString(work.resolve(".virtkit/karaf/karaf.pid")).strip());
    }

    private int bundleCount() throws IOException {
        try (Stream<Path> cache = Files.list(work.resolve(".virtkit/karaf/data/cache"))) {
            return (int) cache.filter(p -> p.getFileName().toString().startsWith("bundle")).count();
        }
    }

    private static void report(String when, long pid) throws IOException {
        System.out.printf(Locale.ROOT, "  %-32s RSS %4d MB, %3d threads, load %s%n", when + ":",
                rssKiB(pid) / 1024, threads(pid), loadAverage());
    }

    static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    static int threads(long pid) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return (int) tasks.count();
        }
    }

    /** Thread names (as the kernel has them, 15 characters) with digits folded, counted. */
    static Map<String, Integer> threadNames(long pid) throws IOException {
        Map<String, Integer> names = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip().replaceAll("[0-9]+", "#");
                    names.merge(name, 1, Integer::sum);
                } catch (IOException gone) {
                    // the thread ended while listed
                }
            }
        }
        return names;
    }

    private static String loadAverage() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    private static String starts(int from, int to) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i <= to; i++) {
            s.append("start ").append(PREFIX).append(i).append('\n');
        }
        return s.toString();
    }

    /** One virsh session running {@code script}; fails unless {@code expected} lines contain {@code marker}. */
    private double virsh(String uri, String script, int expected, String marker) throws IOException, InterruptedException {
        Path in = Files.writeString(work.resolve("step.virsh"), script);
        ProcessBuilder pb = new ProcessBuilder("virsh", "-c", uri).redirectInput(in.toFile()).redirectErrorStream(true);
        pb.environment().remove("LIBVIRT_DEFAULT_URI");
        pb.environment().put("HOME", work.toString());
        long t0 = System.nanoTime();
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        double seconds = (System.nanoTime() - t0) / 1e9;
        long done = out.lines().filter(l -> l.contains(marker)).count();
        if (done != expected) {
            throw new IllegalStateException("virsh: " + done + " of " + expected + " '" + marker + "':\n"
                    + out.lines().filter(l -> l.contains("error")).limit(5).toList());
        }
        return seconds;
    }

    /** {@code clients} python3-libvirt connections held open while the JVM is measured. */
    private void heldClients(int clients, long pid) throws IOException, InterruptedException {
        Path script = Files.writeString(work.resolve("hold.py"), """
                import sys, libvirt
                conns = [libvirt.open(sys.argv[1]) for _ in range(int(sys.argv[2]))]
                print("open", len(conns), len(conns[0].listAllDomains()), flush=True)
                sys.stdin.read()
                for c in conns:
                    c.close()
                """);
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", script.toString(), QEMU_URI,
                Integer.toString(clients)).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("HOME", work.toString());
        Process p = pb.start();
        try {
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8)).readLine();
            if (line == null || !line.startsWith("open " + clients)) {
                throw new IllegalStateException("python clients did not connect: " + line);
            }
            Thread.sleep(2_000);
            report(clients + " clients connected", pid);
            System.out.println("threads by name: " + threadNames(pid));
        } finally {
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** Every bench guest destroyed and undefined, the instance stopped, the temp dir deleted. */
    private void cleanUp() {
        try {
            if (Files.exists(Path.of(SOCKET))) {
                Process list = new ProcessBuilder("virsh", "-c", QEMU_URI, "list", "--all", "--name")
                        .redirectErrorStream(true).start();
                List<String> names = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                        .lines().map(String::strip).filter(n -> n.startsWith(PREFIX)).toList();
                list.waitFor();
                if (!names.isEmpty()) {
                    StringBuilder s = new StringBuilder();
                    names.forEach(n -> s.append("destroy ").append(n).append('\n'));
                    names.forEach(n -> s.append("undefine ").append(n).append('\n'));
                    long t0 = System.nanoTime();
                    virsh(QEMU_URI, s.toString(), names.size(), "' has been undefined");
                    System.out.printf(Locale.ROOT, "%d guests destroyed and undefined in %.2f s%n", names.size(),
                            (System.nanoTime() - t0) / 1e9);
                }
            }
        } catch (Exception e) {
            System.err.println("cleaning the guests up failed: " + e);
        }
        try {
            if (Files.exists(work.resolve(".virtkit/karaf/karaf.pid"))) {
                launch("stop");
            }
        } catch (Exception e) {
            System.err.println("./virtkit stop failed: " + e);
        }
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(Path.of("/var/log/virtkit/qemu"), PREFIX + "*")) {
            for (Path log : logs) {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            // no QEMU log directory: no guest ever started
        }
        try {
            Commands.deleteTree(work);
        } catch (IOException e) {
            System.err.println("cannot delete " + work + ": " + e);
        }
    }

    private static Path newestTarball(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("virtkit-distribution-.*\\.tar\\.gz"))
                    .max((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified()))
                    .orElseThrow(() -> new IllegalStateException("no distribution tarball in " + dir + "; build first"));
        }
    }

    private static double[] tail(double[] values) {
        return values.length > 1 ? Arrays.copyOfRange(values, 1, values.length) : values;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static List<Double> round2(double[] values) {
        List<Double> out = new ArrayList<>();
        for (double v : values) {
            out.add(Math.round(v * 100) / 100.0);
        }
        return out;
    }
}
