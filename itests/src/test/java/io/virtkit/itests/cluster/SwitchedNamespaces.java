package io.virtkit.itests.cluster;

import java.util.List;

import io.virtkit.itests.hosts.Namespaces;

/**
 * The cluster tests' network: three host namespaces {@code vkc-a}, {@code vkc-b}, {@code vkc-c} ({@code 10.79.0.1}
 * to {@code .3}, a /24), each with a veth to a bridge in a fourth namespace, {@code vkc-sw} (the switch), loopback up
 * in each. Nothing in them reaches the machine's own network. A host's link is cut by setting its veth's switch end
 * down ({@link #cut}): the host sees its carrier go, the others see it fall silent, as with a pulled cable.
 */
final class SwitchedNamespaces implements AutoCloseable {

    static final String PREFIX = "vkc-";
    static final String SWITCH = PREFIX + "sw";
    static final List<String> HOSTS = List.of(PREFIX + "a", PREFIX + "b", PREFIX + "c");
    private static final String BRIDGE = PREFIX + "br";

    private SwitchedNamespaces() {
    }

    /** The address of the {@code index}th host (0-based). */
    static String address(int index) {
        return "10.79.0." + (index + 1);
    }

    static SwitchedNamespaces create() {
        removeLeftovers();
        SwitchedNamespaces made = new SwitchedNamespaces();
        try {
            Namespaces.ip("netns", "add", SWITCH);
            Namespaces.ip("-n", SWITCH, "link", "set", "lo", "up");
            Namespaces.ip("-n", SWITCH, "link", "add", BRIDGE, "type", "bridge");
            Namespaces.ip("-n", SWITCH, "link", "set", BRIDGE, "up");
            for (int i = 0; i < HOSTS.size(); i++) {
                String host = HOSTS.get(i);
                Namespaces.ip("netns", "add", host);
                Namespaces.ip("link", "add", hostLink(host), "netns", host, "type", "veth", "peer", "name",
                        switchLink(host), "netns", SWITCH);
                Namespaces.ip("-n", SWITCH, "link", "set", switchLink(host), "master", BRIDGE);
                Namespaces.ip("-n", SWITCH, "link", "set", switchLink(host), "up");
                Namespaces.ip("-n", host, "link", "set", "lo", "up");
                Namespaces.ip("-n", host, "addr", "add", address(i) + "/24", "dev", hostLink(host));
                Namespaces.ip("-n", host, "link", "set", hostLink(host), "up");
            }
            return made;
        } catch (RuntimeException | Error e) {
            made.close();
            throw e;
        }
    }

    /** Cuts {@code host}'s link at the switch. */
    void cut(String host) {
        Namespaces.ip("-n", SWITCH, "link", "set", switchLink(host), "down");
    }

    /** Plugs {@code host}'s link in again after {@link #cut}. */
    void reconnect(String host) {
        Namespaces.ip("-n", SWITCH, "link", "set", switchLink(host), "up");
    }

    private static String hostLink(String host) {
        return host + "0";
    }

    private static String switchLink(String host) {
        return SWITCH + "-" + host.substring(PREFIX.length());
    }

    static void removeLeftovers() {
        Namespaces.removeLeftovers(PREFIX);
    }

    @Override
    public void close() {
        for (String host : HOSTS) {
            Namespaces.delete(host);
        }
        Namespaces.delete(SWITCH);
    }
}
