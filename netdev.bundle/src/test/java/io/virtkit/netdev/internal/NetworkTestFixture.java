package io.virtkit.netdev.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.virtkit.api.Connection;

/**
 * A test namespace with temporary state and run directories, and drivers whose kernel thread enters
 * that namespace and whose dnsmasq/nft run in it. Closing deletes the namespace (and so every device
 * left in it), closes the connections it opened, stops any dnsmasq still running for it, and removes the
 * directories.
 */
final class NetworkTestFixture implements AutoCloseable {
    final TestNetns ns;
    final Path stateDir;
    final Path runDir;
    final List<String> launcher;
    final List<String> initialLinks;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();

    NetworkTestFixture() throws IOException {
        ns = TestNetns.create();
        stateDir = Files.createTempDirectory("vk-net-state");
        runDir = Files.createTempDirectory("vk-net-run");
        launcher = List.of("ip", "netns", "exec", ns.name());
        initialLinks = links();
    }

    NetdevSettings settings(Path dnsmasq) {
        return new NetdevSettings(stateDir, runDir, launcher, dnsmasq, NatFirewall.DEFAULT_BINARY,
                HostNetnsFixture.enter(ns.name()));
    }

    VirtualNetworkDriver driver() {
        return new VirtualNetworkDriver(settings(DnsmasqProcess.DEFAULT_BINARY));
    }

    /** A {@code qemu:///system} connection, through core, on {@code driver}'s networks; closed with the fixture. */
    Connection open(VirtualNetworkDriver driver) {
        Connection c = HostNetnsFixture.open(driver, "qemu:///system");
        connections.add(c);
        return c;
    }

    /** Link names of the namespace, from outside ({@code ip -n NS link}). */
    List<String> links() {
        return ns.ipIn("-o", "link", "show").lines().map(l -> l.split(":")[1].trim().split("@")[0]).toList();
    }

    String inNs(String... cmd) {
        List<String> full = new java.util.ArrayList<>(launcher);
        full.addAll(List.of(cmd));
        return TestNetnsProcesses.run(full);
    }

    @Override
    public void close() throws IOException {
        try {
            connections.forEach(Connection::close);
            HostNetnsFixture.stopDnsmasqs(runDir);
        } finally {
            ns.close();
            HostNetnsFixture.deleteTree(stateDir);
            HostNetnsFixture.deleteTree(runDir);
        }
    }
}
