package io.virtkit.netdev.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.VirtException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A virtual network's host side for real, across two test namespaces joined by a veth pair: namespace A
 * is the host (bridge, address, dnsmasq, NAT table), namespace B plays the guest and asks for a lease
 * with busybox's udhcpc. Afterwards both namespaces hold exactly the links they started with.
 */
class VirtualNetworkEndToEndTest {

    private static List<String> linkNames(TestNetns ns) {
        return ns.ipIn("-o", "link", "show").lines().map(l -> l.split(":")[1].trim().split("@")[0]).toList();
    }

    @Test
    void guestGetsALeaseFromTheNetworksDnsmasqAndEverythingIsTornDown() throws IOException {
        Path stateDir = Files.createTempDirectory("vk-dnsmasq");
        DnsmasqProcess dnsmasq = null;
        try (TestNetns host = TestNetns.create(); TestNetns guest = TestNetns.create();
                Rtnetlink nl = host.call(Rtnetlink::open)) {
            List<String> hostLinks = linkNames(host);
            List<String> guestLinks = linkNames(guest);
            List<String> inHost = List.of("ip", "netns", "exec", host.name());
            NatFirewall fw = new NatFirewall(inHost, NatFirewall.DEFAULT_BINARY);

            host.ipIn("link", "add", "vkveth0", "type", "veth", "peer", "name", "vkveth1", "netns", guest.name());
            guest.ipIn("link", "set", "vkveth1", "up");
            String guestMac = guest.ipIn("-o", "link", "show", "vkveth1").replaceAll("(?s).*link/ether (\\S+).*", "$1")
                    .trim();

            Ipv4 address = Ipv4.parse("10.88.0.1");
            host.run(() -> {
                nl.createBridge("vkbr0");
                nl.addAddress("vkbr0", address, 24);
                nl.attachToBridge("vkveth0", "vkbr0");
                nl.setUp("vkveth0", true);
                nl.setUp("vkbr0", true);
            });
            DnsmasqConfig cfg = new DnsmasqConfig("e2e", "vkbr0", address, 24,
                    Optional.of(new DnsmasqConfig.DhcpRange(Ipv4.parse("10.88.0.100"), Ipv4.parse("10.88.0.120"))),
                    List.of(), Optional.of("vk.test"));
            dnsmasq = DnsmasqProcess.start(cfg, stateDir, inHost, DnsmasqProcess.DEFAULT_BINARY);
            assertThat(Files.readString(stateDir.resolve("e2e.pid")).trim()).isEqualTo(Long.toString(dnsmasq.pid()));
            assertThat(DnsmasqProcess.find("e2e", stateDir, DnsmasqProcess.DEFAULT_BINARY))
                    .map(DnsmasqProcess::pid).contains(dnsmasq.pid());
            // a second instance for the same network is refused and leaves the first running
            assertThatThrownBy(() -> DnsmasqProcess.start(cfg, stateDir, inHost, DnsmasqProcess.DEFAULT_BINARY))
                    .isInstanceOf(VirtException.class).hasMessageContaining("already running");
            fw.install("e2e", "vkbr0", address, 24);
            assertThat(dnsmasq.leases()).isEmpty();

            TestNetnsProcesses.Result dhcp = TestNetnsProcesses.tryRun(List.of("ip", "netns", "exec", guest.name(),
                    "busybox", "udhcpc", "-i", "vkveth1", "-n", "-q", "-s", "/bin/true", "-t", "10", "-T", "2",
                    "-x", "hostname:guest1"), 60);
            assertThat(dhcp.exit()).as("udhcpc: %s", dhcp.output()).isZero();

            List<DhcpLease> leases = awaitLease(dnsmasq);
            assertThat(leases).singleElement().satisfies(l -> {
                assertThat(l.mac()).isEqualTo(MacAddress.parse(guestMac));
                assertThat(l.ip().unsigned()).isBetween(Ipv4.parse("10.88.0.100").unsigned(),
                        Ipv4.parse("10.88.0.120").unsigned());
                assertThat(l.hostname()).contains("guest1");
                assertThat(l.expiry()).isPresent();
            });
            assertThat(dhcp.output()).contains("obtained").contains(leases.get(0).ip().toString());

            // teardown, in the reverse order of start
            long pid = dnsmasq.pid();
            fw.remove("e2e");
            dnsmasq.stop();
            dnsmasq = null;
            assertThat(isRunning(pid)).as("dnsmasq %d still running: %s", pid, statOf(pid)).isFalse();
            assertThat(stateDir.resolve("e2e.pid")).doesNotExist();
            assertThat(stateDir.resolve("e2e.conf")).doesNotExist();
            // leases survive a stop (as libvirt's do) until the network is undefined
            assertThat(DnsmasqProcess.leases(stateDir.resolve("e2e.leases"))).hasSize(1);
            DnsmasqProcess.removeAllFiles(stateDir, "e2e");
            host.run(() -> {
                nl.deleteAddress("vkbr0", address, 24);
                nl.deleteLink("vkbr0");
                nl.deleteLink("vkveth0");
            });
            assertThat(TestNetnsProcesses.run(List.of("ip", "netns", "exec", host.name(), "nft", "list", "ruleset")))
                    .isBlank();
            assertThat(linkNames(host)).isEqualTo(hostLinks);
            assertThat(linkNames(guest)).isEqualTo(guestLinks);
            try (Stream<Path> left = Files.list(stateDir)) {
                assertThat(left).isEmpty();
            }
        } finally {
            if (dnsmasq != null) {
                dnsmasq.stop();
            }
            try (Stream<Path> files = Files.walk(stateDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void aDnsmasqThatCannotStartLeavesNothingBehind() throws IOException {
        Path stateDir = Files.createTempDirectory("vk-dnsmasq");
        try (TestNetns host = TestNetns.create()) {
            // a launcher that fails as dnsmasq would on a bad config: exit status 1 before any daemon exists
            DnsmasqConfig cfg = new DnsmasqConfig("bad", "vkbr9", Ipv4.parse("10.89.0.1"), 24,
                    Optional.of(new DnsmasqConfig.DhcpRange(Ipv4.parse("10.89.0.2"), Ipv4.parse("10.89.0.9"))),
                    List.of(), Optional.empty());
            List<String> launcher = List.of("ip", "netns", "exec", host.name(), "/bin/false");
            assertThatThrownBy(() -> DnsmasqProcess.start(cfg, stateDir, launcher, DnsmasqProcess.DEFAULT_BINARY))
                    .isInstanceOf(VirtException.class).hasMessageContaining("unexpected exit status 1");
            try (Stream<Path> left = Files.list(stateDir)) {
                assertThat(left).isEmpty();
            }
        } finally {
            try (Stream<Path> files = Files.walk(stateDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Alive and not a zombie: a daemon whose reaper is not this JVM may linger as one for a moment. */
    private static String statOf(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "stat")).strip() + " | cmdline: "
                    + new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"))).replace('\0', ' ');
        } catch (IOException e) {
            return "(gone: " + e + ")";
        }
    }

    private static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }

    private static List<DhcpLease> awaitLease(DnsmasqProcess dnsmasq) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<DhcpLease> leases = dnsmasq.leases();
        while (leases.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            leases = dnsmasq.leases();
        }
        return leases;
    }
}
