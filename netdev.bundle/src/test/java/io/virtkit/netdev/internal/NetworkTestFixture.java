package io.virtkit.netdev.internal;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import io.virtkit.api.Connection;
import io.virtkit.api.spi.NetworkAccess;

/**
 * A test namespace with temporary state and run directories, and drivers whose kernel thread enters
 * that namespace and whose dnsmasq/nft run in it. Closing deletes the namespace (and so every device
 * left in it), stops any dnsmasq still running for it, and removes the directories.
 */
final class NetworkTestFixture implements AutoCloseable {
    final TestNetns ns;
    final Path stateDir;
    final Path runDir;
    final List<String> launcher;
    final List<String> initialLinks;

    NetworkTestFixture() throws IOException {
        ns = TestNetns.create();
        stateDir = Files.createTempDirectory("vk-net-state");
        runDir = Files.createTempDirectory("vk-net-run");
        launcher = List.of("ip", "netns", "exec", ns.name());
        initialLinks = links();
    }

    NetdevSettings settings(Path dnsmasq) {
        String name = ns.name();
        return new NetdevSettings(stateDir, runDir, launcher, dnsmasq, NatFirewall.DEFAULT_BINARY, () -> {
            int fd = LibC.open("/var/run/netns/" + name, LibC.O_RDONLY | LibC.O_CLOEXEC);
            try {
                LibC.setns(fd, LibC.CLONE_NEWNET);
            } finally {
                LibC.closeQuietly(fd);
            }
        });
    }

    VirtualNetworkDriver driver() {
        return new VirtualNetworkDriver(settings(DnsmasqProcess.DEFAULT_BINARY));
    }

    static NetworkAccess open(VirtualNetworkDriver driver) {
        Connection conn = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (p, m, a) -> switch (m.getName()) {
                    case "uri" -> "qemu:///system";
                    case "toString" -> "test connection";
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return driver.open(URI.create("qemu:///system"), conn).orElseThrow();
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
            // a dnsmasq a failed test left running would outlive the namespace's devices
            try (Stream<Path> s = Files.list(runDir)) {
                for (Path p : s.filter(f -> f.toString().endsWith(".pid")).toList()) {
                    String net = p.getFileName().toString().replaceFirst("\\.pid$", "");
                    DnsmasqProcess.find(net, runDir, DnsmasqProcess.DEFAULT_BINARY).ifPresent(DnsmasqProcess::stop);
                }
            }
        } finally {
            ns.close();
            for (Path dir : List.of(stateDir, runDir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
