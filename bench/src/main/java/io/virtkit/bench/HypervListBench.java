package io.virtkit.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.virtkit.hyperv.testing.StandInHypervEndpoint;

/**
 * The Hyper-V driver on the stand-in Hyper-V endpoint with many VMs (issue 15's benchmark): HTTP round trips per
 * operation (the stand-in's {@link StandInHypervEndpoint#requests()} counter) and time, against the minimum the
 * protocol allows for a listing: one WS-Enumeration Enumerate and the Pulls that carry N VMs at the stand-in's page
 * size. Goal: no per-VM round trip for a listing.
 *
 * <p>The driver runs in Virtkit's distribution as users run it ({@code bin/karaf server}, see
 * {@link KarafDistribution}), reached through its remote daemon by the real clients
 * ({@code hyperv+unix:///?socket=…&name=hyperv://…}; the credentials in an auth.conf named by
 * {@code etc/io.virtkit.hyperv.cfg}); the stand-in runs in this JVM (hyperv.bundle's test-jar), half of its VMs
 * running. Each figure is one client process's round trips less those of a client that only connects:
 * <ul>
 * <li>{@code listAllDomains}: python3-libvirt's one call, the driver's listing alone;</li>
 * <li>{@code virsh list --all}: the listing as virsh asks it (the list, then each domain's state and id);</li>
 * <li>{@code virsh dominfo}: one VM's dominfo (its lookup by name and six calls on it);</li>
 * <li>the script: {@code list --all} and the dominfo of every VM in one virsh session.</li>
 * </ul>
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.virtkit.bench.HypervListBench [vms] [rounds] [tarball]} (defaults 200,
 * 3 and the newest distribution tarball under the current directory).
 */
public final class HypervListBench {
    private static final String USER = "administrator";
    private static final String PASSWORD = "StandIn-Bench1";
    private static final int PAGE_SIZE = 20;
    private static final int ENABLED_STATE_RUNNING = 2;
    private static final int ENABLED_STATE_OFF = 3;
    private static final int WARM_UP_RUNS = 2;
    private static final String NODELAY = "sun.net.httpserver.nodelay";

    /** python3-libvirt: connect, then ({@code list}) listAllDomains timed inside the client: "count seconds". */
    private static final String PYTHON = """
            import sys, time, libvirt
            conn = libvirt.open(sys.argv[1])
            if sys.argv[2] == "list":
                t0 = time.perf_counter()
                count = len(conn.listAllDomains())
                print(count, time.perf_counter() - t0)
            else:
                print(0, 0.0)
            conn.close()
            """;

    private HypervListBench() {
    }

    /** One client run: the stand-in's HTTP requests during it, its wall time, and what it printed. */
    private record Run(long requests, double seconds, String out) {
    }

    public static void main(String[] args) throws Exception {
        int vms = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path tarball = args.length > 2 ? Path.of(args[2]) : KarafDistribution.newestTarball(Path.of(""));
        Path work = Files.createTempDirectory("virtkit-hyperv-bench");
        Thread cleanOnExit = new Thread(() -> Commands.killDescendantsAndDelete(work), "clean up " + work);
        Runtime.getRuntime().addShutdownHook(cleanOnExit);
        // The JDK's HTTP server (the stand-in's) writes an answer's headers and body apart, and with Nagle's algorithm
        // on, the second write waits for the client's delayed ACK: 40 ms a round trip that no WinRM host adds. Read
        // once, when the server's configuration is first loaded, so before the stand-in starts.
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        try (StandInHypervEndpoint endpoint = StandInHypervEndpoint.startHttp(USER, PASSWORD)) {
            endpoint.host().setPageSize(PAGE_SIZE);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < vms; i++) {
                String name = String.format(Locale.ROOT, "vm-%03d", i);
                endpoint.host().addVirtualMachine(name, 1 + i % 4, 512L * (1 + i % 4),
                        i % 2 == 0 ? ENABLED_STATE_RUNNING : ENABLED_STATE_OFF);
                names.add(name);
            }
            Path auth = Files.writeString(work.resolve("auth.conf"), """
                    [credentials-standin]
                    username=%s
                    password=%s

                    [auth-hyperv-127.0.0.1]
                    credentials=standin
                    """.formatted(USER, PASSWORD));
            try (KarafDistribution virtkit = KarafDistribution.start(tarball, work,
                    Map.of("io.virtkit.hyperv.cfg", Map.of("authFile", auth.toString())))) {
                String remote = "hyperv+unix:///?socket=" + virtkit.socket() + "&name="
                        + URLEncoder.encode(endpoint.libvirtUri(), StandardCharsets.UTF_8);
                System.out.printf(Locale.ROOT, "stand-in: %s, %d VMs (half running), page size %d%n",
                        endpoint.url(), vms, PAGE_SIZE);
                System.out.printf(Locale.ROOT, "virtkit:  %s, Karaf JVM pid %d (%s), %s%n", tarball.getFileName(),
                        virtkit.pid(), virtkit.jvmOptions(), remote);
                awaitDriver(endpoint, remote, work);
                String script = script(names);
                for (int i = 0; i < WARM_UP_RUNS; i++) { // the daemon's JIT
                    virsh(endpoint, remote, work, script);
                }
                long pages = Math.max(1, (vms + PAGE_SIZE - 1) / PAGE_SIZE);
                System.out.printf(Locale.ROOT, "%nround trips (HTTP requests to the stand-in) per operation, a client's"
                        + " connect taken off; the protocol's minimum for a listing: 1 Enumerate + %d Pulls = %d, or %d"
                        + " when the Enumerate carries the first page (WS-Man's OptimizeEnumeration)%n%n", pages,
                        pages + 1, pages);
                System.out.printf(Locale.ROOT, "%-6s | %7s | %-18s | %-18s | %-18s | %-26s%n", "round", "connect",
                        "listAllDomains", "virsh list --all", "virsh dominfo", "script: list + " + vms + " dominfo");
                System.out.printf(Locale.ROOT, "%-6s | %7s | %8s %9s | %8s %9s | %8s %9s | %8s %7s %9s%n", "", "trips",
                        "trips", "s", "trips", "s", "trips", "s", "trips", "per VM", "s");
                List<double[]> rows = new ArrayList<>();
                for (int round = 1; round <= rounds; round++) {
                    double[] row = round(endpoint, remote, work, names, script);
                    rows.add(row);
                    print(Integer.toString(round), row);
                }
                double[] median = median(rows);
                print("median", median);
                System.out.printf(Locale.ROOT, "%nlistAllDomains: %.0f round trips for %d VMs, minimum %d (%d"
                        + " optimized): goal (no per-VM round trip) %s; time per round trip: %.1f ms (the script's);"
                        + " load average %s%n", median[1], vms, pages + 1, pages,
                        median[1] <= pages + 1 ? "met" : "NOT met", median[9] * 1000 / median[7],
                        DistributionRemoteBench.loadAverage());
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
     * One round: connect, python's listAllDomains (its trips and its own timing of the call), virsh list --all, one
     * dominfo, the script; each client's connect taken off its trips.
     */
    private static double[] round(StandInHypervEndpoint endpoint, String remote, Path work, List<String> names,
            String script) throws Exception {
        long connectVirsh = virsh(endpoint, remote, work, "uri").requests();
        long connectPython = python(endpoint, remote, work, "open").requests();
        Run list = python(endpoint, remote, work, "list");
        String[] counted = list.out().strip().split("\\s+");
        check("listAllDomains", Integer.parseInt(counted[0]) == names.size(), list.out());
        Run virshList = virsh(endpoint, remote, work, "list --all");
        check("virsh list --all", virshList.out().lines().filter(l -> !l.isBlank()).count() == names.size(),
                virshList.out());
        String one = names.get(names.size() / 2);
        Run dominfo = virsh(endpoint, remote, work, "dominfo " + one);
        check("virsh dominfo", dominfo.out().matches("(?s).*Name:\\s+" + one + "\\s.*"), dominfo.out());
        Run all = virsh(endpoint, remote, work, script);
        check("the script", all.out().split("Name:", -1).length - 1 == names.size(), "a dominfo is missing");
        long scriptTrips = all.requests() - connectVirsh;
        return new double[] {connectVirsh, list.requests() - connectPython, Double.parseDouble(counted[1]),
            virshList.requests() - connectVirsh, virshList.seconds(), dominfo.requests() - connectVirsh,
            dominfo.seconds(), scriptTrips, (double) scriptTrips / names.size(), all.seconds()};
    }

    /** {@code list --all}, then {@code dominfo} of every VM: virsh's commands in one argument, one session. */
    private static String script(List<String> names) {
        StringBuilder text = new StringBuilder("list --all");
        names.forEach(name -> text.append("; dominfo ").append(name));
        return text.toString();
    }

    /** virsh's HOME in the work directory; the daemon answers, so none of virsh's own drivers is involved. */
    private static Run virsh(StandInHypervEndpoint endpoint, String uri, Path work, String commands) throws Exception {
        return client(endpoint, work, List.of("virsh", "-q", "-c", uri, commands));
    }

    private static Run python(StandInHypervEndpoint endpoint, String uri, Path work, String what) throws Exception {
        return client(endpoint, work, List.of("/usr/bin/python3", "-c", PYTHON, uri, what));
    }

    private static Run client(StandInHypervEndpoint endpoint, Path work, List<String> command) throws Exception {
        long before = endpoint.requests();
        TimedCommand.Times times = TimedCommand.run(command, work, Map.of("HOME", work.toString()));
        return new Run(endpoint.requests() - before, times.wall(), Files.readString(work.resolve("cmd.out")));
    }

    /** Karaf hands etc/io.virtkit.hyperv.cfg to the driver after the daemon is up: until then a connect finds no password. */
    private static void awaitDriver(StandInHypervEndpoint endpoint, String remote, Path work) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                virsh(endpoint, remote, work, "uri");
                return;
            } catch (IllegalStateException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(200);
            }
        }
    }

    private static void check(String what, boolean ok, String output) {
        if (!ok) {
            throw new IllegalStateException(what + " did not answer every VM: " + output);
        }
    }

    private static double[] median(List<double[]> rows) {
        double[] median = new double[rows.get(0).length];
        for (int c = 0; c < median.length; c++) {
            median[c] = DistributionRemoteBench.median(rows, c);
        }
        return median;
    }

    private static void print(String label, double[] r) {
        System.out.printf(Locale.ROOT, "%-6s | %7.0f | %8.0f %9.3f | %8.0f %9.3f | %8.0f %9.3f | %8.0f %7.2f %9.3f%n",
                label, r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9]);
    }
}
