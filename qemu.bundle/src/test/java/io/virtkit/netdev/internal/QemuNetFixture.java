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
import io.virtkit.api.spi.TapProvider;

/**
 * For the QEMU driver's tests: a network namespace made here, with the netdev bundle's network driver and
 * TAP provider working inside it (their kernel thread setns'd into it), so no device ever appears in the
 * host namespace. Lives in the netdev package of the test tree because those classes are package-private.
 * Closing closes the driver and deletes the namespace, which destroys every device left in it.
 */
public final class QemuNetFixture implements AutoCloseable {

    private final String ns;
    private final Path stateDir;
    private final Path runDir;
    private final VirtualNetworkDriver driver;
    private final HostTapProvider taps;
    private final List<String> initialLinks;

    public QemuNetFixture() throws IOException {
        ns = "vkqemu-" + UUID.randomUUID().toString().substring(0, 8);
        ip("netns", "add", ns);
        try {
            stateDir = Files.createTempDirectory("vk-qnet-state");
            runDir = Files.createTempDirectory("vk-qnet-run");
            String name = ns;
            NetdevSettings settings = new NetdevSettings(stateDir, runDir, List.of("ip", "netns", "exec", ns),
                    DnsmasqProcess.DEFAULT_BINARY, NatFirewall.DEFAULT_BINARY, () -> {
                        int fd = LibC.open("/var/run/netns/" + name, LibC.O_RDONLY | LibC.O_CLOEXEC);
                        try {
                            LibC.setns(fd, LibC.CLONE_NEWNET);
                        } finally {
                            LibC.closeQuietly(fd);
                        }
                    });
            driver = new VirtualNetworkDriver(settings);
            taps = new HostTapProvider(driver);
            initialLinks = links();
        } catch (IOException | RuntimeException e) {
            ip("netns", "del", ns);
            throw e;
        }
    }

    public TapProvider taps() {
        return taps;
    }

    /** The network side as a qemu:///system connection would see it. */
    public NetworkAccess networks() {
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
        } finally {
            ip("netns", "del", ns);
            for (Path dir : List.of(stateDir, runDir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
