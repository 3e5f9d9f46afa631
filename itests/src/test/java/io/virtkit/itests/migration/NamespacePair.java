package io.virtkit.itests.migration;

import java.util.List;

import io.virtkit.itests.hosts.Namespaces;

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
        Namespaces.removeLeftovers(PREFIX);
    }

    @Override
    public void close() {
        Namespaces.delete(A);
        Namespaces.delete(B);
    }

    private static void ip(String... args) {
        Namespaces.ip(args);
    }
}
