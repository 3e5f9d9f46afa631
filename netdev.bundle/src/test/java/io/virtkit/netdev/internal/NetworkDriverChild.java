package io.virtkit.netdev.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import io.virtkit.api.Network;
import io.virtkit.api.Connection;

/**
 * The virtual network driver alone in a JVM of its own, as the daemon is, for
 * {@link VirtualNetworkCrashTest} to SIGKILL at any moment. Activates the driver on the directories under
 * {@code args[0]}, working in the network namespace {@code args[1]}, then speaks {@link ChildDriverMain}'s
 * protocol; {@code list} prints {@code NETWORK name active|inactive} per network.
 */
public final class NetworkDriverChild {

    private NetworkDriverChild() {
    }

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        String ns = args[1];
        NetdevSettings settings = new NetdevSettings(base.resolve("state"), base.resolve("run"),
                List.of("ip", "netns", "exec", ns), DnsmasqProcess.DEFAULT_BINARY, NatFirewall.DEFAULT_BINARY,
                HostNetnsFixture.enter(ns));
        VirtualNetworkDriver driver = new VirtualNetworkDriver(settings);
        Connection networks = HostNetnsFixture.open(driver, "qemu:///system");
        ChildDriverMain.serve(new ChildDriverMain.Commands() {
            @Override
            public void define(String xml) {
                networks.defineNetwork(xml);
            }

            @Override
            public List<String> list() {
                return networks.listAllNetworks().stream()
                        .map(n -> "NETWORK " + n.name() + " " + (n.isActive() ? "active" : "inactive")).toList();
            }

            @Override
            public void destroy(String name) {
                networks.lookupNetworkByName(name).destroy();
            }

            @Override
            public ChildDriverMain.Start prepareStart(String name, PrintStream out) {
                Network n = networks.lookupNetworkByName(name);
                return n::start;
            }
        });
        networks.close();
        driver.close();
    }
}
