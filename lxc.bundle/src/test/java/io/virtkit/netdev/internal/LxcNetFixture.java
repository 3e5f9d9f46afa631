package io.virtkit.netdev.internal;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.virtkit.api.Connection;
import io.virtkit.api.spi.NetworkAccess;
import io.virtkit.api.spi.VethProvider;

/**
 * For the LXC driver's tests: a network namespace made here standing for the host, with the netdev
 * bundle's network driver (bridges, dnsmasq) and veth provider working inside it (their kernel thread
 * setns'd into it, dnsmasq started through {@code ip netns exec}), so no host end or bridge ever appears
 * in the real host namespace. Containers get network namespaces of their own anyway; only their veth
 * pairs' host ends land here. Lives in the netdev package of the test tree because those classes are
 * package-private. Closing closes the driver, stops any dnsmasq left and deletes the namespace, which
 * destroys every device left in it.
 */
public final class LxcNetFixture implements AutoCloseable {

    private final String ns;
    private final Path stateDir;
    private final Path runDir;
    private final VirtualNetworkDriver driver;
    private final HostVethProvider veths;
    private final List<String> initialLinks;

    public LxcNetFixture() throws IOException {
        ns = "vklxc-" + UUID.randomUUID().toString().substring(0, 8);
        ip("netns", "add", ns);
        Path state = null;
        Path run = null;
        VirtualNetworkDriver d = null;
        try {
            state = Files.createTempDirectory("vk-lnet-state");
            run = Files.createTempDirectory("vk-lnet-run");
            String name = ns;
            NetdevSettings settings = new NetdevSettings(state, run, List.of("ip", "netns", "exec", ns),
                    DnsmasqProcess.DEFAULT_BINARY, NatFirewall.DEFAULT_BINARY, () -> {
                        int fd = LibC.open("/var/run/netns/" + name, LibC.O_RDONLY | LibC.O_CLOEXEC);
                        try {
                            LibC.setns(fd, LibC.CLONE_NEWNET);
                        } finally {
                            LibC.closeQuietly(fd);
                        }
                    });
            d = new VirtualNetworkDriver(settings);
            veths = new HostVethProvider(d);
            initialLinks = links();
        } catch (IOException | RuntimeException e) {
            if (d != null) {
                d.close();
            }
            ip("netns", "del", ns);
            deleteTree(state);
            deleteTree(run);
            throw e;
        }
        stateDir = state;
        runDir = run;
        driver = d;
    }

    public VethProvider veths() {
        return veths;
    }

    /** The network side as an lxc:///system connection would see it. */
    public NetworkAccess networks() {
        Connection conn = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (p, m, a) -> switch (m.getName()) {
                    case "uri" -> "lxc:///system";
                    case "toString" -> "test connection";
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return driver.open(URI.create("lxc:///system"), conn).orElseThrow();
    }

    public String name() {
        return ns;
    }

    public List<String> initialLinks() {
        return initialLinks;
    }

    /** Link names of the namespace, from outside. */
    public List<String> links() {
        return ipIn("-o", "link", "show").lines().map(l -> l.split(":")[1].trim().split("@")[0]).toList();
    }

    /** {@code ip -n NS args…}. */
    public String ipIn(String... args) {
        List<String> cmd = new ArrayList<>(List.of("-n", ns));
        cmd.addAll(List.of(args));
        return ip(cmd.toArray(String[]::new));
    }

    public static String ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(cmd + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(cmd + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(cmd + " interrupted", e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            driver.close();
            // a dnsmasq a failed test left running would outlive the namespace's devices
            try (Stream<Path> s = Files.list(runDir)) {
                for (Path p : s.filter(f -> f.toString().endsWith(".pid")).toList()) {
                    String net = p.getFileName().toString().replaceFirst("\\.pid$", "");
                    DnsmasqProcess.find(net, runDir, DnsmasqProcess.DEFAULT_BINARY).ifPresent(DnsmasqProcess::stop);
                }
            }
        } finally {
            ip("netns", "del", ns);
            deleteTree(stateDir);
            deleteTree(runDir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
