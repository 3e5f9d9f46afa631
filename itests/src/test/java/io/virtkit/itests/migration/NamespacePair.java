package io.virtkit.itests.migration;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Two network namespaces, the two "hosts" of the migration tests, joined by a veth pair: {@code vke2e-a} with
 * {@value #ADDRESS_A} and {@code vke2e-b} with {@value #ADDRESS_B} (a /24), loopback up in each. Nothing in them
 * can reach the machine's own network. The names are fixed so that a crashed run's leftovers are found and removed
 * (their processes killed) before a new pair is made; {@link #close()} removes them whatever happened.
 */
final class NamespacePair implements AutoCloseable {

    static final String PREFIX = "vke2e-";
    static final String A = PREFIX + "a";
    static final String B = PREFIX + "b";
    static final String ADDRESS_A = "10.77.0.1";
    static final String ADDRESS_B = "10.77.0.2";
    private static final String LINK_A = PREFIX + "a0";
    private static final String LINK_B = PREFIX + "b0";
    private static final Duration BOUND = Duration.ofSeconds(30);

    private NamespacePair() {
    }

    static NamespacePair create() {
        removeLeftovers();
        NamespacePair pair = new NamespacePair();
        try {
            ip("netns", "add", A);
            ip("netns", "add", B);
            ip("link", "add", LINK_A, "netns", A, "type", "veth", "peer", "name", LINK_B, "netns", B);
            for (String[] side : List.of(new String[] {A, LINK_A, ADDRESS_A}, new String[] {B, LINK_B, ADDRESS_B})) {
                ip("-n", side[0], "link", "set", "lo", "up");
                ip("-n", side[0], "addr", "add", side[2] + "/24", "dev", side[1]);
                ip("-n", side[0], "link", "set", side[1], "up");
            }
            return pair;
        } catch (RuntimeException | Error e) {
            pair.close();
            throw e;
        }
    }

    /** Cuts the wire between the hosts (the veth down on A's side; B sees the carrier go). */
    void cut() {
        ip("-n", A, "link", "set", LINK_A, "down");
    }

    /** Joins the hosts again after {@link #cut()}. */
    void reconnect() {
        ip("-n", A, "link", "set", LINK_A, "up");
    }

    /** Namespaces of an earlier run (a crashed JVM never ran its cleanup): their processes killed, then deleted. */
    static void removeLeftovers() {
        for (String line : HostCommand.run(BOUND, "ip", "netns", "list").outOrFail().lines().toList()) {
            String name = line.split("\\s+")[0];
            if (name.startsWith(PREFIX)) {
                delete(name);
            }
        }
    }

    @Override
    public void close() {
        delete(A);
        delete(B);
    }

    /** Kills every process still in {@code name} (daemons, QEMUs, dnsmasq), then deletes it (and its devices). */
    private static void delete(String name) {
        HostCommand.Result pids = HostCommand.run(BOUND, "ip", "netns", "pids", name);
        if (!pids.ok()) {
            return; // not there
        }
        List<ProcessHandle> inside = pids.out().lines().map(String::strip).filter(p -> p.matches("\\d+"))
                .map(p -> ProcessHandle.of(Long.parseLong(p))).flatMap(Optional::stream).toList();
        inside.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : inside) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS); // gone before its namespace goes (a QEMU holds its TAP)
            } catch (ExecutionException | TimeoutException e) {
                System.err.println("process " + p.pid() + " in " + name + " did not end after SIGKILL: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        HostCommand.run(BOUND, "ip", "netns", "del", name);
    }

    private static void ip(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "ip";
        System.arraycopy(args, 0, command, 1, args.length);
        HostCommand.run(BOUND, command).outOrFail();
    }
}
