package io.virtkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;

import io.virtkit.model.domain.InterfaceDevice;
import io.virtkit.support.net.ConnectedTap;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.NetworkConnection;
import io.virtkit.api.driver.NetworkRef;
import io.virtkit.api.driver.OpenRequest;
import io.virtkit.netdev.internal.HostTapProvider;
import io.virtkit.netdev.internal.NetdevSettings;
import io.virtkit.netdev.internal.VirtualNetworkDriver;

/**
 * The netdev bundle's speed, in a network namespace of its own (created and always deleted here; nothing
 * touches the host's namespace):
 * <ol>
 * <li>TAP devices created, plugged into a virtual network's bridge, and deleted (closing the transient TAP), per second;</li>
 * <li>start and destroy time of a NAT network with DHCP (bridge, address, dnsmasq, nftables table).</li>
 * </ol>
 * Usage (as root): {@code java -cp benchmarks.jar io.virtkit.bench.NetdevBench [taps] [networkRounds]}.
 */
public final class NetdevBench {

    /** setns(2) through JNA: the driver's kernel thread enters the benchmark's namespace. */
    static final class Libc {
        static {
            Native.register("c");
        }

        static native int open(String path, int flags) throws LastErrorException;

        static native int setns(int fd, int nstype) throws LastErrorException;

        static native int close(int fd) throws LastErrorException;
    }

    private static final int CLONE_NEWNET = 0x40000000;

    public static void main(String[] args) throws Exception {
        int taps = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String ns = "vkbench-" + UUID.randomUUID().toString().substring(0, 8);
        run("ip", "netns", "add", ns);
        Path state = Files.createTempDirectory("vkbench-state");
        Path runDir = Files.createTempDirectory("vkbench-run");
        try {
            NetdevSettings settings = new NetdevSettings(state, runDir, List.of("ip", "netns", "exec", ns),
                    Path.of("/usr/sbin/dnsmasq"), Path.of("/usr/sbin/nft"), () -> enter(ns));
            VirtualNetworkDriver driver = new VirtualNetworkDriver(settings);
            // the network sub-driver's own table: what core calls for a qemu:/// connection's networks
            try (NetworkConnection networks = driver.open(OpenRequest.of("qemu:///system"), NO_EVENTS).orElseThrow()) {
                benchTaps(networks, new HostTapProvider(driver), taps);
                benchNatNetwork(networks, rounds);
            } finally {
                driver.close();
            }
        } finally {
            run("ip", "netns", "del", ns);
            deleteTree(state);
            deleteTree(runDir);
        }
    }

    private static void benchTaps(NetworkConnection networks, HostTapProvider provider, int count) {
        NetworkRef net = networks.createNetwork("<network><name>benchtap</name><bridge name='vkb0'/>"
                + "<ip address='10.200.0.1' prefix='24'/></network>", 0);
        try {
            InterfaceDevice nic = new InterfaceDevice(InterfaceDevice.Type.NETWORK, "52:54:00:12:34:56", "benchtap",
                    null, null, "virtio", null);
            for (int i = 0; i < 100; i++) { // warm-up
                provider.connect(nic, true).close();
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < count; i++) {
                try (ConnectedTap tap = provider.connect(nic, true)) {
                    if (tap.fd() < 0) {
                        throw new IllegalStateException("no descriptor");
                    }
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("TAP create + attach to bridge + delete: %d in %.2f s = %.0f per second%n", count,
                    seconds, count / seconds);
        } finally {
            networks.destroyNetwork(net);
        }
    }

    private static void benchNatNetwork(NetworkConnection networks, int rounds) {
        NetworkRef net = networks.defineNetwork("<network><name>benchnat</name><forward mode='nat'/>"
                + "<bridge name='vkb1'/><ip address='10.201.0.1' netmask='255.255.255.0'>"
                + "<dhcp><range start='10.201.0.2' end='10.201.0.254'/></dhcp></ip></network>", 0);
        long[] start = new long[rounds];
        long[] destroy = new long[rounds];
        try {
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                networks.startNetwork(net, 0);
                start[i] = System.nanoTime() - t0;
                long t1 = System.nanoTime();
                networks.destroyNetwork(net);
                destroy[i] = System.nanoTime() - t1;
            }
        } finally {
            if (networks.networkIsActive(net)) {
                networks.destroyNetwork(net);
            }
            networks.undefineNetwork(net);
        }
        System.out.printf("NAT network with DHCP (bridge, address, dnsmasq, nftables), %d rounds (first left out):%n",
                rounds);
        System.out.printf("  start   median %6.1f ms   min %6.1f ms   max %6.1f ms%n", median(start), min(start), max(start));
        System.out.printf("  destroy median %6.1f ms   min %6.1f ms   max %6.1f ms%n", median(destroy), min(destroy),
                max(destroy));
    }

    private static void enter(String ns) {
        int fd = Libc.open("/var/run/netns/" + ns, 0);
        try {
            Libc.setns(fd, CLONE_NEWNET);
        } finally {
            Libc.close(fd);
        }
    }

    /** Nobody listens to the bench's network events. */
    private static final ConnectionEvents NO_EVENTS = ConnectionEvents.NONE;

    private static long[] warm(long[] s) {
        long[] w = Arrays.copyOfRange(s, Math.min(1, s.length - 1), s.length);
        Arrays.sort(w);
        return w;
    }

    private static double median(long[] s) {
        long[] w = warm(s);
        return w[w.length / 2] / 1e6;
    }

    private static double min(long[] s) {
        return warm(s)[0] / 1e6;
    }

    private static double max(long[] s) {
        long[] w = warm(s);
        return w[w.length - 1] / 1e6;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed");
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            paths.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }
}
