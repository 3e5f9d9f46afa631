package io.virtkit.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Issue 17's inventory benchmark: how long after the last change every host's inventory shows every domain of the
 * cluster. Three copies of Virtkit's distribution as users run it ({@link KarafDistribution}, {@code bin/karaf
 * server}), each with pid {@code io.virtkit.cluster} in embedded mode: a ZooKeeper peer of its own on loopback
 * (client, quorum and election ports of its own from 22101–22303), TLS between the peers and from each client
 * (certificates made with openssl, {@link ClusterPki}), the cluster secret, its own host UUID and name, inventory of
 * {@code test:///default}; feature {@code virtkit-cluster} installed from the console once the distribution runs.
 * <p>
 * Per round: python3-libvirt defines N domains on each host at once (one client per host, through that host's remote
 * daemon socket, {@code test+unix:///default?socket=…}); the last change is the moment the last client reported its
 * last define done. From then each host's view is probed until it shows all 3×N: {@code virt:cluster-list --name |
 * grep ib- | wc -l} over ssh on that host's console (OpenSSH, a connection per probe), three probes at a time;
 * a host's convergence is the moment the first probe showing all 3×N answered (an upper bound: the view was complete
 * no later; the probe's own round trip is printed as the resolution). Then the same for undefining them all (every
 * view back to 0). Round 1 is shown but left out of the medians (JIT). Goal: < 2 s. libvirt has no cluster
 * inventory, so there is no libvirt column.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.virtkit.bench.InventoryBench [domainsPerHost] [rounds] [tarball]}
 * (defaults 1000, 4, the newest distribution tarball under the current directory). Needs {@code openssl},
 * {@code ssh}, {@code ssh-keygen}, {@code python3} with {@code libvirt}, {@code tar}. Everything lives in one temp
 * dir, deleted at the end with every process started, also when the run fails or is interrupted.
 */
public final class InventoryBench {
    private static final String PREFIX = "ib-";
    private static final int HOSTS = 3;
    private static final int CLIENT_PORT = 22101;
    private static final int QUORUM_PORT = 22201;
    private static final int ELECTION_PORT = 22301;
    private static final long CONVERGE_BOUND_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Karaf's own {@code grep -c} always answers 0 (jline's grep), so the lines are counted with {@code wc -l}. */
    private static final String PROBE = "virt:cluster-list --name | grep " + PREFIX + " | wc -l";

    /** Defines or undefines {@code prefix0..prefixN-1} on one connection, prints DONE after the last one. */
    private static final String CLIENT = """
            import sys, libvirt
            libvirt.registerErrorHandler(lambda ctx, err: None, None)
            uri, prefix, n, op = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
            c = libvirt.open(uri)
            for i in range(n):
                name = prefix + str(i)
                if op == 'define':
                    c.defineXML("<domain type='test'><name>" + name + "</name><memory>1024</memory>"
                                "<os><type>hvm</type></os></domain>")
                else:
                    c.lookupByName(name).undefine()
            print('DONE', flush=True)
            c.close()
            """;

    private record Host(String name, KarafDistribution karaf, KarafSsh console) {}

    private record Converged(double seconds, double probeSeconds, int probes) {}

    private InventoryBench() {
    }

    public static void main(String[] args) throws Exception {
        int perHost = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Path tarball = args.length > 2 ? Path.of(args[2]) : KarafDistribution.newestTarball(Path.of(""));
        Path work = Files.createTempDirectory("vkbench-inventory-");
        Thread cleanup = new Thread(() -> Commands.killDescendantsAndDelete(work));
        Runtime.getRuntime().addShutdownHook(cleanup);
        List<Host> hosts = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(HOSTS);
        try {
            for (int i = 0; i < HOSTS; i++) {
                requireFree(CLIENT_PORT + i);
                requireFree(QUORUM_PORT + i);
                requireFree(ELECTION_PORT + i);
            }
            ClusterPki pki = ClusterPki.create(work.resolve("pki"));
            Path sshKey = KarafSsh.keyPair(work);
            List<Future<Host>> starting = new ArrayList<>();
            for (int i = 0; i < HOSTS; i++) {
                int index = i;
                ClusterPki.HostFiles files = pki.host("host" + i);
                starting.add(pool.submit(() -> startHost(index, tarball, work.resolve("host" + index), files, sshKey)));
            }
            Exception failed = null;
            for (Future<Host> f : starting) {
                try {
                    hosts.add(f.get()); // every host that started is stopped below, also when another failed
                } catch (java.util.concurrent.ExecutionException e) {
                    failed = failed == null ? e : failed;
                }
            }
            if (failed != null) {
                throw failed;
            }
            System.out.printf("3 hosts up (%s), feature virtkit-cluster installed; %d test-driver domains per host%n",
                    String.join(", ", hosts.stream().map(h -> h.name() + " " + String.format("%.1f s",
                            h.karaf().startSeconds())).toList()), perHost);
            for (Host h : hosts) {
                awaitCount(h, 0); // the feature is up and every view agrees there is nothing of ours yet
            }

            List<Double> defineSeconds = new ArrayList<>();
            List<Double> undefineSeconds = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                double up = change(pool, hosts, perHost, round, "define", HOSTS * perHost);
                double down = change(pool, hosts, perHost, round, "undefine", 0);
                if (round > 1) {
                    defineSeconds.add(up);
                    undefineSeconds.add(down);
                }
            }
            if (!defineSeconds.isEmpty()) {
                System.out.printf("median over rounds 2-%d: %d domains seen by all 3 hosts %.3f s after the last "
                        + "define, all gone %.3f s after the last undefine (goal < 2 s)%n", rounds, HOSTS * perHost,
                        median(defineSeconds), median(undefineSeconds));
            }
        } catch (Exception e) {
            keepLogs(work, hosts);
            throw e;
        } finally {
            pool.shutdownNow();
            // one after another: the last host ends alone, without quorum (each close waits for the JVM's end)
            StringBuilder stopped = new StringBuilder();
            for (Host h : hosts) {
                long t0 = System.nanoTime();
                h.karaf().close();
                stopped.append(String.format(" %s %.1f s", h.name(), (System.nanoTime() - t0) / 1e9));
            }
            if (!hosts.isEmpty()) {
                System.out.println("stopped (SIGTERM until the JVM ended), one after another:" + stopped);
            }
            Commands.killDescendantsAndDelete(work);
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    private static Host startHost(int index, Path tarball, Path dir, ClusterPki.HostFiles files, Path sshKey)
            throws Exception {
        Files.createDirectories(dir);
        String name = "ib-host" + (char) ('a' + index);
        StringBuilder peers = new StringBuilder();
        for (int i = 0; i < HOSTS; i++) {
            peers.append(i == 0 ? "" : ",").append(i + 1).append("=127.0.0.1:").append(QUORUM_PORT + i).append(':')
                    .append(ELECTION_PORT + i).append(':').append(CLIENT_PORT + i);
        }
        Map<String, String> cluster = new LinkedHashMap<>();
        cluster.put("mode", "embedded");
        cluster.put("peerId", Integer.toString(index + 1));
        cluster.put("peers", peers.toString());
        cluster.put("quorumPort", Integer.toString(QUORUM_PORT + index));
        cluster.put("electionPort", Integer.toString(ELECTION_PORT + index));
        cluster.put("clientPort", Integer.toString(CLIENT_PORT + index));
        cluster.put("dataDir", dir.resolve("zookeeper").toString());
        cluster.put("tlsEnabled", "true");
        cluster.put("caFile", files.caCert().toString());
        cluster.put("certFile", files.cert().toString());
        cluster.put("keyFile", files.key().toString());
        cluster.put("secretFile", files.secret().toString());
        cluster.put("hostUuid", UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString());
        cluster.put("hostname", name);
        cluster.put("uris", "test:///default");
        cluster.put("diskLocks", "false");
        KarafDistribution karaf = KarafDistribution.start(tarball, dir, Map.of("io.virtkit.cluster.cfg", cluster,
                "keys.properties", KarafSsh.keysProperties(sshKey)));
        KarafSsh console = KarafSsh.open(karaf.home(), sshKey, dir);
        try {
            String out = console.run("feature:install virtkit-cluster");
            if (!out.isBlank()) {
                throw new IllegalStateException(name + ": feature:install virtkit-cluster said: " + out.strip());
            }
            return new Host(name, karaf, console);
        } catch (Exception e) {
            karaf.close();
            throw e;
        }
    }

    /** One change on every host at once, then the time until every host's view shows {@code expected}. */
    private static double change(ExecutorService pool, List<Host> hosts, int perHost, int round, String op,
            int expected) throws Exception {
        List<Future<Long>> clients = new ArrayList<>();
        for (Host h : hosts) {
            String prefix = PREFIX + h.name() + "-r" + round + "-";
            clients.add(pool.submit(() -> runClient(h, prefix, perHost, op)));
        }
        long lastChange = Long.MIN_VALUE;
        for (Future<Long> c : clients) {
            lastChange = Math.max(lastChange, c.get());
        }
        long changed = lastChange;
        List<Future<Converged>> views = new ArrayList<>();
        for (Host h : hosts) {
            views.add(pool.submit(() -> converge(h, expected, changed)));
        }
        double worst = 0;
        StringBuilder each = new StringBuilder();
        for (int i = 0; i < hosts.size(); i++) {
            Converged c = views.get(i).get();
            worst = Math.max(worst, c.seconds());
            each.append(String.format("  %s %.3f s (%d probes, last %.3f s)", hosts.get(i).name(), c.seconds(),
                    c.probes(), c.probeSeconds()));
        }
        System.out.printf("round %d %-8s %d domains: all views at %d %.3f s after the last change;%s%n", round, op,
                HOSTS * perHost, expected, worst, each);
        return worst;
    }

    /** Runs the python3-libvirt client on one host's socket; the nanoTime at which it said its last call was done. */
    private static long runClient(Host h, String prefix, int n, String op) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", "-c", CLIENT, h.karaf().uri(), prefix, Integer.toString(n),
                op).redirectErrorStream(true);
        pb.environment().remove("LIBVIRT_DEFAULT_URI");
        Process p = pb.start();
        p.getOutputStream().close();
        long done = -1;
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.equals("DONE")) {
                    done = System.nanoTime();
                } else {
                    out.append(line).append('\n');
                }
            }
        }
        if (p.waitFor() != 0 || done < 0) {
            throw new IllegalStateException("python3-libvirt " + op + " on " + h.name() + " failed: " + out);
        }
        return done;
    }

    private static Converged converge(Host h, int expected, long since) throws Exception {
        int probes = 0;
        while (true) {
            long sent = System.nanoTime();
            int seen = count(h);
            long answered = System.nanoTime();
            probes++;
            if (seen == expected) {
                return new Converged(Math.max(0, answered - since) / 1e9, (answered - sent) / 1e9, probes);
            }
            if (answered - since > CONVERGE_BOUND_NANOS) {
                throw new IllegalStateException(h.name() + "'s view shows " + seen + " of " + expected
                        + " domains 60 s after the last change");
            }
        }
    }

    private static void awaitCount(Host h, int expected) throws Exception {
        long start = System.nanoTime();
        String last = "";
        while (System.nanoTime() - start < CONVERGE_BOUND_NANOS) {
            try {
                if (count(h) == expected) {
                    return;
                }
            } catch (IllegalStateException e) {
                last = e.getMessage(); // the cluster's commands or service not there yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(h.name() + ": its view never showed " + expected + " domains: " + last);
    }

    /** The bench's domains in one host's view, as its console lists them. */
    private static int count(Host h) throws IOException, InterruptedException {
        String out = h.console().run(PROBE).strip();
        if (!out.matches("\\d+")) {
            throw new IllegalStateException(h.name() + ": '" + PROBE + "' answered: " + out);
        }
        return Integer.parseInt(out);
    }

    /** A failed run's Karaf logs, kept beside the temp dir (which goes): vkbench-inventory-logs-PID/. */
    private static void keepLogs(Path work, List<Host> hosts) {
        Path kept = work.resolveSibling("vkbench-inventory-logs-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(kept);
            for (Host h : hosts) {
                for (String log : List.of("data/log/karaf.log", "data/log/virtkit.log")) {
                    Path from = h.karaf().home().resolve(log);
                    if (Files.exists(from)) {
                        Files.copy(from, kept.resolve(h.name() + "-" + from.getFileName()));
                    }
                }
            }
            System.err.println("the hosts' logs are kept in " + kept);
        } catch (IOException e) {
            System.err.println("cannot keep the logs: " + e);
        }
    }

    private static void requireFree(int port) throws IOException {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            s.getLocalPort();
        } catch (IOException e) {
            throw new IOException("port " + port + " (127.0.0.1) is taken: the benchmark's peers need 22101-22303");
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
