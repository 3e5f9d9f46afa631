package io.virtkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.virtkit.remote.internal.RemoteServer;

/**
 * Virtkit's remote daemon against the real libvirtd, both serving {@code test:///default} on a UNIX socket
 * of their own, driven by the real clients:
 * <ol>
 * <li>one virsh session running the same script on each — N domains defined (from small XML files),
 * started, destroyed and undefined — timed from virsh's start to its exit, beside the same script run by
 * virsh alone on its in-process test driver (the floor: what the client costs without any daemon);</li>
 * <li>read calls per second from concurrent python3-libvirt clients ({@code lookupByName}, {@code info},
 * {@code state} on running domains), each with its own connection.</li>
 * </ol>
 * Virtkit's daemon is a {@link RemoteServer} in this JVM over the test driver; libvirtd is Debian's
 * {@code /usr/sbin/libvirtd}, started unprivileged (see {@link UnprivilegedLibvirtd}). Every run is checked
 * to have done its work. The goal from the issue: Virtkit ≤ 0.5 × libvirtd on the script.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.virtkit.bench.RemoteDaemonBench [domains] [rounds] [clients] [seconds]}
 * (defaults 1000, 5, 50, 10; 0 clients skips the second part). Round 1 warms the JIT up and is shown but
 * left out of the summary when there is more than one round.
 */
public final class RemoteDaemonBench {
    private static final double GOAL = 0.5;

    private RemoteDaemonBench() {
    }

    public static void main(String[] args) throws Exception {
        int domains = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        if (domains < 1 || rounds < 1 || clients < 0 || seconds < 1) {
            throw new IllegalArgumentException("usage: RemoteDaemonBench [domains>=1] [rounds>=1] [clients>=0] [seconds>=1]");
        }
        Path work = Files.createTempDirectory("virtkit-remote-bench");
        Thread cleanOnExit = new Thread(() -> Commands.killDescendantsAndDelete(work), "clean up " + work);
        Runtime.getRuntime().addShutdownHook(cleanOnExit); // Ctrl-C skips the finally below
        try {
            Path scripts = Files.createDirectory(work.resolve("client"));
            VirshLifecycleScript script = VirshLifecycleScript.write(scripts, domains);
            try (TestDriverConnectionFactory factory = new TestDriverConnectionFactory();
                    RemoteServer virtkit = new RemoteServer(work.resolve("virtkit-sock"), factory)) {
                virtkit.start();
                try (UnprivilegedLibvirtd libvirtd = UnprivilegedLibvirtd.start(work)) {
                    String virtkitUri = "test+unix:///default?socket=" + virtkit.socket();
                    String libvirtdUri = "test+unix:///default?socket=" + libvirtd.socket();
                    System.out.printf(Locale.ROOT, "virtkit:  RemoteServer in this JVM on %s%n", virtkit.socket());
                    System.out.printf(Locale.ROOT, "libvirtd: pid %d, user %s, on %s%n", libvirtd.pid(),
                            Files.getOwner(libvirtd.socket()).getName(), libvirtd.socket());
                    lifecycle(script, domains, rounds, virtkitUri, libvirtdUri, libvirtd.pid());
                    if (clients > 0) {
                        calls(PythonCallsClients.write(scripts), clients, seconds, virtkitUri, libvirtdUri);
                    }
                }
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

    private static void lifecycle(VirshLifecycleScript script, int domains, int rounds, String virtkitUri,
            String libvirtdUri, long libvirtdPid) throws IOException, InterruptedException {
        long self = ProcessHandle.current().pid();
        System.out.printf(Locale.ROOT, "%nvirsh script, one session: %d domains defined, started, destroyed, undefined"
                + " (%d commands)%n", domains, 4 * domains + 1);
        System.out.printf(Locale.ROOT, "%-8s %10s %11s %6s %12s %12s %13s%n", "round", "virtkit s", "libvirtd s",
                "ratio", "virsh alone", "virtkit CPU", "libvirtd CPU");
        List<double[]> measured = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Timed v = timed(script, "virtkit", virtkitUri, self);
            Timed l = timed(script, "libvirtd", libvirtdUri, libvirtdPid);
            Timed alone = timed(script, "virsh alone", "test:///default", -1);
            double[] row = {v.wall(), l.wall(), alone.wall(), v.daemonCpu(), l.daemonCpu()};
            print(round == 1 && rounds > 1 ? "1 (warm)" : Integer.toString(round), row);
            if (round > 1 || rounds == 1) {
                measured.add(row);
            }
        }
        double[] median = new double[5];
        for (int i = 0; i < median.length; i++) {
            median[i] = median(measured, i);
        }
        print("median", median);
        double ratio = median[0] / median[1];
        System.out.printf(Locale.ROOT, "beyond virsh alone (transport + daemon): virtkit %.3f s, libvirtd %.3f s%n",
                median[0] - median[2], median[1] - median[2]);
        System.out.printf(Locale.ROOT, "goal virtkit <= %.1f x libvirtd: %s (%.2f)%n", GOAL,
                ratio <= GOAL ? "met" : "NOT met", ratio);
    }

    /** Columns: wall times of virtkit, libvirtd, virsh alone; then the CPU time of each daemon. */
    private static void print(String label, double[] row) {
        System.out.printf(Locale.ROOT, "%-8s %10.3f %11.3f %6.2f %12.3f %12.3f %13.3f%n", label, row[0], row[1],
                row[0] / row[1], row[2], row[3], row[4]);
    }

    /** One run's wall time (virsh's whole life) and the CPU time the daemon spent meanwhile. */
    private record Timed(double wall, double daemonCpu) {}

    /** @param daemonPid the daemon whose CPU time to count, or -1 for none (virsh alone) */
    private static Timed timed(VirshLifecycleScript script, String target, String uri, long daemonPid)
            throws IOException, InterruptedException {
        double cpu0 = daemonPid > 0 ? ProcessCpu.seconds(daemonPid) : 0;
        VirshLifecycleScript.Run run = script.run(uri);
        double cpu1 = daemonPid > 0 ? ProcessCpu.seconds(daemonPid) : 0;
        script.verify(target, run);
        return new Timed(run.nanos() / 1e9, cpu1 - cpu0);
    }

    private static void calls(PythonCallsClients python, int clients, int seconds, String virtkitUri,
            String libvirtdUri) throws IOException, InterruptedException {
        System.out.printf(Locale.ROOT, "%n%d concurrent python3-libvirt clients (threads of one process, a connection"
                + " each), lookupByName + info + state for %d s%n", clients, seconds);
        PythonCallsClients.Result v = python.run("virtkit", virtkitUri, clients, seconds);
        PythonCallsClients.Result l = python.run("libvirtd", libvirtdUri, clients, seconds);
        System.out.printf(Locale.ROOT, "%-9s %12s %14s%n", "daemon", "calls/s", "slowest client");
        System.out.printf(Locale.ROOT, "%-9s %12.0f %14d%n", "virtkit", v.callsPerSecond(), v.slowestClient());
        System.out.printf(Locale.ROOT, "%-9s %12.0f %14d%n", "libvirtd", l.callsPerSecond(), l.slowestClient());
        System.out.printf(Locale.ROOT, "virtkit / libvirtd: %.2f x the calls/s%n", v.callsPerSecond() / l.callsPerSecond());
    }

    private static double median(List<double[]> rows, int column) {
        double[] values = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
