package io.virtkit.netdev.internal;

import java.io.IOException;
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
import io.virtkit.api.driver.NetworkDriver;
import io.virtkit.support.net.TapProvider;
import io.virtkit.support.net.VethProvider;
import io.virtkit.core.conformance.HypervisorWithoutDomains;
import io.virtkit.core.internal.DefaultConnectionFactory;

/**
 * For the hypervisor drivers' tests (published in this bundle's test-jar): a network namespace made here
 * standing for the host, with the netdev bundle's network driver (bridges, dnsmasq), TAP provider and veth
 * provider working inside it (their kernel thread setns'd into it, dnsmasq started through
 * {@code ip netns exec}), so no device ever appears in the real host namespace. Lives in the netdev
 * package because those classes are package-private. Closing closes the driver, stops any dnsmasq left
 * and deletes the namespace, which destroys every device left in it. The static helpers serve this
 * module's own fixtures too.
 */
public final class HostNetnsFixture implements AutoCloseable {

    private final String ns;
    private final String uri;
    private final Path stateDir;
    private final Path runDir;
    private final VirtualNetworkDriver driver;
    private final HostTapProvider taps;
    private final HostVethProvider veths;
    private final List<String> initialLinks;
    private Connection networks; // guarded by this: opened with the first networks()

    /**
     * For the tests of the driver of {@code scheme} (qemu, lxc): networks seen as from {@code scheme:///system},
     * in a namespace named {@code vkSCHEME-XXXXXXXX} (the name tells whose test left it, should one survive).
     */
    public static HostNetnsFixture forDriver(String scheme) throws IOException {
        return new HostNetnsFixture("vk" + scheme, scheme + ":///system");
    }

    private HostNetnsFixture(String prefix, String uri) throws IOException {
        this.uri = uri;
        ns = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        ip("netns", "add", ns);
        Path state = null;
        Path run = null;
        VirtualNetworkDriver d = null;
        try {
            state = Files.createTempDirectory("vk-" + prefix + "-state");
            run = Files.createTempDirectory("vk-" + prefix + "-run");
            NetdevSettings settings = new NetdevSettings(state, run, List.of("ip", "netns", "exec", ns),
                    DnsmasqProcess.DEFAULT_BINARY, NatFirewall.DEFAULT_BINARY, enter(ns));
            d = new VirtualNetworkDriver(settings);
            taps = new HostTapProvider(d);
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

    /**
     * For a driver running in a JVM of its own (crash tests): a TAP provider working in the existing
     * namespace {@code ns}, which the caller made and deletes; its network driver keeps its files under
     * {@code stateDir} and {@code runDir} (it defines no network: guests plug into a bridge of type
     * {@code bridge}). The returned driver is left to the JVM's end, however that comes.
     */
    public static TapProvider tapsInExistingNamespace(String ns, Path stateDir, Path runDir) {
        NetdevSettings settings = new NetdevSettings(stateDir, runDir, List.of("ip", "netns", "exec", ns),
                DnsmasqProcess.DEFAULT_BINARY, NatFirewall.DEFAULT_BINARY, enter(ns));
        return new HostTapProvider(new VirtualNetworkDriver(settings));
    }

    /** As {@link #tapsInExistingNamespace}, for containers' veth pairs. */
    public static VethProvider vethsInExistingNamespace(String ns, Path stateDir, Path runDir) {
        NetdevSettings settings = new NetdevSettings(stateDir, runDir, List.of("ip", "netns", "exec", ns),
                DnsmasqProcess.DEFAULT_BINARY, NatFirewall.DEFAULT_BINARY, enter(ns));
        return new HostVethProvider(new VirtualNetworkDriver(settings));
    }

    public TapProvider taps() {
        return taps;
    }

    public VethProvider veths() {
        return veths;
    }

    /**
     * The network side as a {@code scheme:///system} connection sees it: a public connection, opened
     * through core, whose networks are this fixture's driver's (and which has no domains). One for the
     * fixture's life; closed with it.
     */
    public synchronized Connection networks() {
        if (networks == null) {
            networks = open(driver, uri);
        }
        return networks;
    }

    /** The network driver itself, to join a hypervisor driver's connections in a test's connection factory. */
    public NetworkDriver networkDriver() {
        return driver;
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

    /** {@code ip args…}; its output, or an IllegalStateException with it when ip fails. */
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

    /** Moves the calling thread into the named namespace (setns affects only that thread). */
    static Runnable enter(String namespace) {
        return () -> {
            int fd = LibC.open("/var/run/netns/" + namespace, LibC.O_RDONLY | LibC.O_CLOEXEC);
            try {
                LibC.setns(fd, LibC.CLONE_NEWNET);
            } finally {
                LibC.closeQuietly(fd);
            }
        };
    }

    /**
     * A public connection to {@code uri}, opened through core, whose networks are {@code driver}'s and which
     * has no domains ({@link HypervisorWithoutDomains}); the caller closes it.
     */
    static Connection open(VirtualNetworkDriver driver, String uri) {
        String scheme = uri.substring(0, uri.indexOf(':'));
        return new DefaultConnectionFactory().withHypervisorDriver(new HypervisorWithoutDomains(scheme))
                .withNetworkDriver(driver).open(uri);
    }

    /** Stops every dnsmasq with a pid file in {@code runDir}: one a failed test left would outlive the devices. */
    static void stopDnsmasqs(Path runDir) throws IOException {
        try (Stream<Path> s = Files.list(runDir)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".pid")).toList()) {
                String net = p.getFileName().toString().replaceFirst("\\.pid$", "");
                DnsmasqProcess.find(net, runDir, DnsmasqProcess.DEFAULT_BINARY).ifPresent(DnsmasqProcess::stop);
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Override
    public void close() throws IOException {
        try {
            synchronized (this) {
                if (networks != null) {
                    networks.close();
                }
            }
            driver.close();
            stopDnsmasqs(runDir);
        } finally {
            ip("netns", "del", ns);
            deleteTree(stateDir);
            deleteTree(runDir);
        }
    }
}
