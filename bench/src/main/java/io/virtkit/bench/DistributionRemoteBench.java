package io.virtkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The remote daemon as users run it: Virtkit's distribution (Karaf, its JVM options and boot features, the
 * remote daemon over the test driver; see {@link KarafDistribution}) against the real libvirtd 9.0 (see
 * {@link UnprivilegedLibvirtd}), both on sockets of their own, driven by one virsh session running the
 * lifecycle script of {@link VirshLifecycleScript}, beside virsh alone on its in-process test driver and beside
 * the floor, a {@link ReplayDaemon} that answers with recorded replies and does no work at all. Two conditions,
 * one after the other: a quiet machine, then one core kept busy by a {@link CpuHog}.
 *
 * <p>The figure of merit is what the daemon adds to virsh's own time, compared between the daemons:
 * {@code (virtkit − virsh alone) / (libvirtd − virsh alone)}, from the medians of the rounds; the goal from
 * issue 9 is ≤ 0.25 in both conditions. The same ratio for the floor says how much of that is the client's
 * and the socket's, which no daemon can remove; virsh's own CPU time against each target shows it too. Untimed
 * warm-up runs come first (the JIT); round 1 of each condition is shown but left out of the medians.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.virtkit.bench.DistributionRemoteBench [domains] [rounds] [tarball]}
 * (defaults 1000, 6, and the newest {@code distribution/target/virtkit-distribution-*.tar.gz} under the
 * current directory). Needs {@code virsh}, {@code /usr/sbin/libvirtd}, {@code taskset}, and {@code cc} for the
 * floor (without it the floor is left out); run as root or any user.
 */
public final class DistributionRemoteBench {
    static final double GOAL = 0.25;
    private static final int WARM_UP_RUNS = 15;

    private DistributionRemoteBench() {
    }

    public static void main(String[] args) throws Exception {
        int domains = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        Path tarball = args.length > 2 ? Path.of(args[2]) : KarafDistribution.newestTarball(Path.of(""));
        if (domains < 1 || rounds < 2) {
            throw new IllegalArgumentException("usage: DistributionRemoteBench [domains>=1] [rounds>=2] [tarball]");
        }
        Path work = Files.createTempDirectory("virtkit-dist-bench");
        Thread cleanOnExit = new Thread(() -> Commands.killDescendantsAndDelete(work), "clean up " + work);
        Runtime.getRuntime().addShutdownHook(cleanOnExit); // Ctrl-C skips the finally below
        try {
            Path scripts = Files.createDirectory(work.resolve("client"));
            VirshLifecycleScript script = VirshLifecycleScript.write(scripts, domains);
            try (UnprivilegedLibvirtd libvirtd = UnprivilegedLibvirtd.start(work);
                    KarafDistribution virtkit = KarafDistribution.start(tarball, work)) {
                System.out.printf(Locale.ROOT, "virtkit:  %s, Karaf JVM pid %d, daemon answering %.1f s after bin/karaf"
                        + " server; JVM options: %s%n", tarball.getFileName(), virtkit.pid(), virtkit.startSeconds(),
                        virtkit.jvmOptions());
                System.out.printf(Locale.ROOT, "          socket %s%n", virtkit.socket());
                System.out.printf(Locale.ROOT, "libvirtd: pid %d, user %s, on %s%n", libvirtd.pid(),
                        Files.getOwner(libvirtd.socket()).getName(), libvirtd.socket());
                String libvirtdUri = "test+unix:///default?socket=" + libvirtd.socket();
                System.out.printf(Locale.ROOT, "virsh script, one session: %d domains defined, started, destroyed,"
                        + " undefined (%d commands)%n", domains, 4 * domains + 1);
                warmUp(script, virtkit, libvirtdUri);
                ReplayDaemon floor = ReplayDaemon.start(script, virtkit.socket(), work).orElse(null);
                System.out.println(floor == null ? "no C compiler (cc): no replay floor"
                        : "floor: replay-daemon (no work: poll, read, write of recorded replies) pid " + floor.pid());
                Summary quiet;
                Summary busy;
                try {
                    quiet = condition("quiet", script, rounds, virtkit, libvirtdUri, libvirtd.pid(), floor, null);
                    try (CpuHog hog = CpuHog.start()) {
                        busy = condition("one core busy (busy loop pinned to CPU " + hog.cpu() + ")", script, rounds,
                                virtkit, libvirtdUri, libvirtd.pid(), floor, hog);
                    }
                } finally {
                    if (floor != null) {
                        floor.close();
                    }
                }
                System.out.printf(Locale.ROOT, "%nsummary (medians of rounds 2-%d): (virtkit - virsh alone) /"
                        + " (libvirtd - virsh alone), goal <= %.2f%n", rounds, GOAL);
                quiet.print("quiet");
                busy.print("busy core");
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanOnExit);
                Commands.deleteTree(work);
            } catch (IllegalStateException shuttingDown) {
                // interrupted: the hook is cleaning up already
            }
        }
    }

    /**
     * A freshly started JVM is still compiling: the daemon's CPU per run of 1000 domains fell from 1.6 s to 0.15 s
     * over the first dozen runs here (C2 was still compiling the XML codec, Xerces and the dispatch in the 8th), so
     * that many untimed runs come first, their wall and daemon CPU shown; libvirtd and virsh get one each (the page
     * cache, libvirtd's first connection). A daemon that users run for days is measured at its steady state.
     */
    private static void warmUp(VirshLifecycleScript script, KarafDistribution virtkit, String libvirtdUri)
            throws IOException, InterruptedException {
        StringBuilder runs = new StringBuilder();
        for (int i = 0; i < WARM_UP_RUNS; i++) {
            Timed t = timed(script, "virtkit", virtkit.uri(), virtkit.pid());
            runs.append(String.format(Locale.ROOT, " %.2f/%.2f", t.wall(), t.daemonCpu()));
        }
        timed(script, "libvirtd", libvirtdUri, -1);
        timed(script, "virsh alone", "test:///default", -1);
        System.out.printf(Locale.ROOT, "warm-up: %d runs against virtkit (wall/daemon CPU, s:%s), one against libvirtd"
                + " and virsh alone%n", WARM_UP_RUNS, runs);
    }

    /** Medians of one condition: wall times, and each daemon's CPU. */
    private record Summary(double virtkit, double libvirtd, double alone, double floor, double virtkitCpu,
            double libvirtdCpu, String load) {
        double ratio() {
            return (virtkit - alone) / (libvirtd - alone);
        }

        void print(String label) {
            System.out.printf(Locale.ROOT, "%-10s virtkit %.3f s, libvirtd %.3f s, virsh alone %.3f s: beyond virsh"
                    + " %.3f vs %.3f s, ratio %.2f (%s); the replay floor %.2f; daemon CPU %.3f vs %.3f s;"
                    + " load average %s%n", label, virtkit, libvirtd, alone, virtkit - alone, libvirtd - alone, ratio(),
                    ratio() <= GOAL ? "met" : "NOT met", (floor - alone) / (libvirtd - alone), virtkitCpu, libvirtdCpu,
                    load);
        }
    }

    private static Summary condition(String name, VirshLifecycleScript script, int rounds, KarafDistribution virtkit,
            String libvirtdUri, long libvirtdPid, ReplayDaemon floor, CpuHog hog) throws IOException, InterruptedException {
        System.out.printf(Locale.ROOT, "%n%s; load average before: %s%n", name, loadAverage());
        System.out.printf(Locale.ROOT, "%-8s %-33s | %-11s | %-24s | %s%n", "", "wall (s)", "beyond ratio",
                "daemon CPU (s)", "virsh CPU (s) against");
        System.out.printf(Locale.ROOT, "%-8s %8s %8s %7s %7s | %5s %5s | %7s %8s %7s | %7s %8s %7s %7s%n", "round",
                "virtkit", "libvirtd", "floor", "alone", "vk", "floor", "virtkit", "libvirtd", "floor", "virtkit",
                "libvirtd", "floor", "alone");
        List<double[]> measured = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Timed v = timed(script, "virtkit", virtkit.uri(), virtkit.pid());
            Timed l = timed(script, "libvirtd", libvirtdUri, libvirtdPid);
            Timed f = floor == null ? new Timed(Double.NaN, Double.NaN, Double.NaN)
                    : timed(script, "replay floor", floor.uri(), floor.pid());
            Timed alone = timed(script, "virsh alone", "test:///default", -1);
            double[] row = {v.wall(), l.wall(), f.wall(), alone.wall(), v.daemonCpu(), l.daemonCpu(), f.daemonCpu(),
                v.virshCpu(), l.virshCpu(), f.virshCpu(), alone.virshCpu()};
            print(round == 1 ? "1 (warm)" : Integer.toString(round), row);
            if (round > 1) {
                measured.add(row);
            }
        }
        double[] m = new double[11];
        for (int i = 0; i < m.length; i++) {
            m[i] = median(measured, i);
        }
        print("median", m);
        String load = loadAverage();
        if (hog != null) {
            System.out.printf(Locale.ROOT, "the hog got %.0f%% of CPU %d; load average after: %s%n", 100 * hog.share(),
                    hog.cpu(), load);
        } else {
            System.out.printf(Locale.ROOT, "load average after: %s%n", load);
        }
        return new Summary(m[0], m[1], m[3], m[2], m[4], m[5], load);
    }

    /** Columns: wall of virtkit, libvirtd, floor, alone; CPU of each daemon; virsh's CPU against each target. */
    private static void print(String label, double[] r) {
        System.out.printf(Locale.ROOT, "%-8s %8.3f %8.3f %7.3f %7.3f | %5.2f %5.2f | %7.3f %8.3f %7.3f | %7.3f %8.3f"
                + " %7.3f %7.3f%n", label, r[0], r[1], r[2], r[3], (r[0] - r[3]) / (r[1] - r[3]),
                (r[2] - r[3]) / (r[1] - r[3]), r[4], r[5], r[6], r[7], r[8], r[9], r[10]);
    }

    /** One run: wall time (virsh's whole life), the daemon's CPU time meanwhile, virsh's own CPU time. */
    private record Timed(double wall, double daemonCpu, double virshCpu) {}

    /** @param daemonPid the daemon whose CPU time to count, or -1 for none (virsh alone) */
    private static Timed timed(VirshLifecycleScript script, String target, String uri, long daemonPid)
            throws IOException, InterruptedException {
        double cpu0 = daemonPid > 0 ? ProcessCpu.seconds(daemonPid) : 0;
        VirshLifecycleScript.Run run = script.runCountingCpu(uri);
        double cpu1 = daemonPid > 0 ? ProcessCpu.seconds(daemonPid) : 0;
        script.verify(target, run);
        return new Timed(run.nanos() / 1e9, cpu1 - cpu0, run.cpu());
    }

    /** The median of {@code column} over {@code rows} (the mean of the middle two for an even count). */
    static double median(List<double[]> rows, int column) {
        double[] values = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
