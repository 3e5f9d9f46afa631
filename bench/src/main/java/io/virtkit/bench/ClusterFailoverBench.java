package io.virtkit.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import io.virtkit.itests.cluster.ClusterShell;
import io.virtkit.itests.cluster.ThreeHosts;
import io.virtkit.itests.hosts.GuestConsole;
import io.virtkit.itests.hosts.GuestProcesses;
import io.virtkit.itests.hosts.TickingGuest;
import io.virtkit.itests.hosts.VirtkitDaemon;

/**
 * Issue 17's failover benchmark: the time from a host's death to its HA guest running on another host, on the cluster
 * tests' three hosts (itests' {@link ThreeHosts}: three Virtkit distributions as users run them, each in its network
 * namespace on one switch, embedded ZooKeeper peers over TLS), with pid io.virtkit.cluster's {@code sessionTimeoutMs}
 * 10000 and the default {@code haRestartMarginMs} 3000. Per round: the HA guest (the QEMU tests' tiny Linux guest,
 * TCG, counting on its console every 0.2 s) runs on some host; that host's JVM and QEMUs get SIGKILL at t0; measured
 * from t0: its new QEMU process appearing on another host (the start decided and launched), the guest's console
 * counting again (the guest runs: its kernel booted), and {@code virt:cluster-list} on a surviving host showing it
 * running (polled through {@code bin/client}, so coarse by one console call, about a second). The dead host is
 * started again and rejoins before the next round. Goal: counting again ≤ session timeout + 10 s. libvirt has no
 * counterpart (no cluster of its own: oVirt, OpenStack or Proxmox do this above it), so there is no peer figure.
 *
 * <p>Usage, as root, from the checkout after {@code mvn -B -q install -DskipTests}: {@code java -cp
 * benchmarks.jar io.virtkit.bench.ClusterFailoverBench [rounds] [tarball]} (defaults 3 and the newest distribution
 * tarball). Everything lives in a temp dir and the namespaces {@code vkc-*}, removed at the end.
 */
public final class ClusterFailoverBench {
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration HA_MARGIN = Duration.ofSeconds(3);
    private static final Duration BOUND = Duration.ofSeconds(120);
    private static final String GUEST = "vkc-bench";

    private ClusterFailoverBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path tarball = args.length > 1 ? Path.of(args[1]) : KarafDistribution.newestTarball(Path.of("."));
        System.setProperty("virtkit.distribution", tarball.toAbsolutePath().toString());
        Path dir = Files.createTempDirectory("vkc-bench");
        List<Long> qemuMs = new ArrayList<>();
        List<Long> countingMs = new ArrayList<>();
        List<Long> inventoryMs = new ArrayList<>();
        try (ThreeHosts hosts = ThreeHosts.start(dir.resolve("cluster"), SESSION_TIMEOUT, HA_MARGIN)) {
            List<String> names = hosts.daemons().stream().map(VirtkitDaemon::name).toList();
            VirtkitDaemon operator = hosts.daemons().get(0);
            TickingGuest guest = hosts.guest(GUEST);
            awaitMembers(hosts, names);
            ClusterShell.define(operator, hosts.xmlFile(guest), true).outOrFail();
            ClusterShell.start(operator, guest.name()).outOrFail();
            new GuestConsole(guest.console()).awaitTickAbove(0, BOUND);
            for (int round = 1; round <= rounds; round++) {
                VirtkitDaemon dead = runningOn(hosts, guest).orElseThrow();
                long t0 = System.nanoTime();
                dead.killWithGuests();
                // from here on (the old QEMU is gone) every tick is the new instance's
                GuestConsole console = GuestConsole.fromNow(guest.console());
                long qemu = awaitQemuElsewhere(hosts, guest, dead) - t0;
                console.awaitTickAbove(-1, BOUND);
                long counting = System.nanoTime() - t0;
                VirtkitDaemon survivor = hosts.others(dead).get(0);
                long inventory = -1;
                while (inventory < 0) {
                    if (System.nanoTime() - t0 > BOUND.toNanos()) {
                        throw new IllegalStateException(survivor.name() + "'s inventory never showed " + GUEST
                                + " running\n" + hosts.logs());
                    }
                    String host = runningOn(hosts, guest).map(VirtkitDaemon::name).orElse("");
                    if (ClusterShell.list(survivor, names).stream()
                            .anyMatch(r -> r.domain().equals(GUEST) && r.host().equals(host) && r.running())) {
                        inventory = System.nanoTime() - t0;
                    }
                }
                qemuMs.add(qemu / 1_000_000);
                countingMs.add(counting / 1_000_000);
                inventoryMs.add(inventory / 1_000_000);
                System.out.printf("round %d: %s killed; new QEMU on %s after %d ms, console counting after %d ms, "
                        + "inventory RUNNING (seen by %s) after %d ms%n", round, dead.name(),
                        runningOn(hosts, guest).map(VirtkitDaemon::name).orElse("?"), qemu / 1_000_000,
                        counting / 1_000_000, survivor.name(), inventory / 1_000_000);
                dead.start();
                awaitMembers(hosts, names);
            }
        } finally {
            deleteQuietly(dir);
        }
        System.out.printf("median of %d rounds (session timeout %d ms, margin %d ms): new QEMU %d ms, console counting "
                + "%d ms (goal ≤ %d ms), inventory RUNNING %d ms%n", rounds, SESSION_TIMEOUT.toMillis(),
                HA_MARGIN.toMillis(), median(qemuMs), median(countingMs), SESSION_TIMEOUT.toMillis() + 10_000,
                median(inventoryMs));
    }

    private static Optional<VirtkitDaemon> runningOn(ThreeHosts hosts, TickingGuest guest) {
        return hosts.daemons().stream().filter(d -> !GuestProcesses.on(d, guest.uuid()).isEmpty()).findFirst();
    }

    private static long awaitQemuElsewhere(ThreeHosts hosts, TickingGuest guest, VirtkitDaemon dead)
            throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            for (VirtkitDaemon d : hosts.others(dead)) {
                if (!GuestProcesses.on(d, guest.uuid()).isEmpty()) {
                    return System.nanoTime();
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException(guest.name() + " not restarted within " + BOUND + "\n" + hosts.logs());
    }

    private static void awaitMembers(ThreeHosts hosts, List<String> names) throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        for (VirtkitDaemon d : hosts.daemons()) {
            while (ClusterShell.members(d, names).size() < names.size()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(d.name() + " does not list the three members\n" + hosts.logs());
                }
                Thread.sleep(200);
            }
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            System.err.println("cannot delete " + dir + ": " + e);
        }
    }
}
