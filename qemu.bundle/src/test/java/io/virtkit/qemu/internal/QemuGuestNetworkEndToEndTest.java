package io.virtkit.qemu.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.Network;
import io.virtkit.api.NetworkDhcpLease;
import io.virtkit.netdev.internal.HostNetnsFixture;
import io.virtkit.qemu.testing.TinyLinuxGuest;

/**
 * Issue 4 end to end: the tiny Linux guest, booted under TCG by the QEMU driver on a network of the netdev
 * driver (both working inside a namespace made here), gets its address from the network's dnsmasq and, on a NAT
 * network, reaches an address in a second namespace through the masquerade. One guest boot per test; every
 * wait is bounded.
 */
class QemuGuestNetworkEndToEndTest {

    private static final String MAC = "52:54:00:e2:e0:01";
    private static final int LEASE_TIMEOUT_S = 120;
    private static final int SHUTDOWN_TIMEOUT_S = 60;
    private static final Pattern LEASE = Pattern.compile(TinyLinuxGuest.LEASE_MARKER + " (\\d+\\.\\d+\\.\\d+\\.\\d+)");

    @TempDir
    Path tmp;

    private final QemuGuests guests = new QemuGuests();
    private final List<String> outsideNamespaces = new ArrayList<>();
    private QemuDriver driver;
    private TinyLinuxGuest guest;

    @BeforeEach
    void prepareGuest() throws IOException {
        guest = TinyLinuxGuest.prepareForTest("virtio_pci", "virtio_net");
    }

    @AfterEach
    void tearDown() {
        try {
            if (driver != null) {
                QemuGuests.stop(driver);
            }
        } finally {
            guests.killAll();
            for (String ns : outsideNamespaces) {
                HostNetnsFixture.ip("netns", "del", ns);
            }
        }
    }

    /** A connection as the daemon's: the QEMU driver's domains, the netdev driver's networks. */
    private Connection open(HostNetnsFixture net) {
        driver = new QemuDriver(QemuDriverSettings.forTests(QemuGuests.EMULATOR, tmp), net.taps());
        return QemuGuests.open(driver, net.networkDriver(), "qemu:///session");
    }

    private String domainXml(String name, Path serial, String network, String pingTarget) {
        String iface = "<interface type='network'><mac address='" + MAC + "'/><source network='" + network + "'/>"
                + "<model type='virtio'/></interface>";
        String xml = guest.domainXml(name, TinyLinuxGuest.serialFileXml(serial), iface,
                TinyLinuxGuest.dhcpCmdline("eth0", pingTarget));
        assertThat(xml).contains("<acpi/>");
        return xml;
    }

    private static String networkXml(String name, String bridge, boolean nat) {
        return "<network><name>" + name + "</name>" + (nat ? "<forward mode='nat'/>" : "")
                + "<bridge name='" + bridge + "'/>"
                + "<ip address='10.79.0.1' netmask='255.255.255.0'>"
                + "<dhcp><range start='10.79.0.10' end='10.79.0.20'/></dhcp></ip></network>";
    }

    @Test
    void theGuestLeasesItsAddressFromTheNetworkAndItsTapIsGoneAfterShutdown() throws Exception {
        try (HostNetnsFixture net = HostNetnsFixture.forDriver("qemu")) {
            Network network = net.networks().defineNetwork(networkXml("e2enet", "vke2ebr0", false));
            try {
                network.start();
                List<String> withNetwork = net.links();
                Connection conn = open(net);
                Path serial = tmp.resolve("guest-a.log");
                Domain d = conn.defineDomain(domainXml("e2edhcp", serial, "e2enet", null));
                guests.track(d.uuid());
                try {
                    long started = System.nanoTime();
                    d.start();
                    assertThat(net.links()).hasSize(withNetwork.size() + 1);
                    String address = awaitLease(serial, d);
                    long leaseMillis = (System.nanoTime() - started) / 1_000_000;
                    System.out.printf("e2e DHCP: guest leased %s %d ms after start (TCG)%n", address, leaseMillis);
                    assertThat(address).startsWith("10.79.0.");

                    NetworkDhcpLease lease = awaitNetworkLease(network, MAC);
                    assertThat(lease.ipAddress()).isEqualTo(address);
                    assertThat(lease.iface()).isEqualTo("vke2ebr0");
                    assertThat(lease.prefix()).isEqualTo(24);
                    // the guest's own connection sees the same network and lease (one network driver for both)
                    assertThat(conn.lookupNetworkByName("e2enet").dhcpLeases())
                            .extracting(NetworkDhcpLease::ipAddress).contains(address);

                    long shutdownStarted = System.nanoTime();
                    d.shutdown();
                    awaitState(d, DomainStateInfo.of(DomainStateReason.SHUTOFF_SHUTDOWN), SHUTDOWN_TIMEOUT_S, serial);
                    System.out.printf("e2e DHCP: ACPI shutdown took %d ms%n",
                            (System.nanoTime() - shutdownStarted) / 1_000_000);
                    assertThat(read(serial)).contains(TinyLinuxGuest.POWEROFF_MARKER);
                    assertThat(guests.processesOf(d.uuid())).isEmpty();
                    // the TAP went with QEMU's descriptor: the namespace is as the network left it
                    assertThat(net.links()).isEqualTo(withNetwork);
                } finally {
                    cleanUp(d);
                }
            } finally {
                cleanUp(network);
            }
        }
    }

    @Test
    void aNatNetworkCarriesTheGuestsTrafficToAnotherNamespace() throws Exception {
        try (HostNetnsFixture net = HostNetnsFixture.forDriver("qemu")) {
            String outside = "vkout-" + UUID.randomUUID().toString().substring(0, 8);
            HostNetnsFixture.ip("netns", "add", outside);
            outsideNamespaces.add(outside);
            // the "uplink": a veth pair between the network's namespace and the outside one, no route back needed
            net.ipIn("link", "add", "vkup0", "type", "veth", "peer", "name", "vkup1", "netns", outside);
            net.ipIn("addr", "add", "192.0.2.1/30", "dev", "vkup0");
            net.ipIn("link", "set", "vkup0", "up");
            HostNetnsFixture.ip("-n", outside, "addr", "add", "192.0.2.2/30", "dev", "vkup1");
            HostNetnsFixture.ip("-n", outside, "link", "set", "vkup1", "up");
            HostNetnsFixture.ip("-n", outside, "link", "set", "lo", "up");
            assertThat(HostNetnsFixture.ip("-n", outside, "route", "show")).doesNotContain("10.79.0.");

            Network network = net.networks().defineNetwork(networkXml("e2enat", "vke2ebr1", true));
            try {
                network.start();
                List<String> withNetwork = net.links();
                Connection conn = open(net);
                Path serial = tmp.resolve("guest-b.log");
                Domain d = conn.defineDomain(domainXml("e2enat", serial, "e2enat", "192.0.2.2"));
                guests.track(d.uuid());
                try {
                    long started = System.nanoTime();
                    d.start();
                    String address = awaitLease(serial, d);
                    String console = awaitAny(serial, d, LEASE_TIMEOUT_S, TinyLinuxGuest.PING_OK_MARKER,
                            TinyLinuxGuest.PING_FAIL_MARKER);
                    System.out.printf("e2e NAT: guest %s pinged 192.0.2.2 %d ms after start (TCG)%n", address,
                            (System.nanoTime() - started) / 1_000_000);
                    assertThat(console).as("serial:%n%s", console)
                            .contains(TinyLinuxGuest.PING_OK_MARKER + " 192.0.2.2")
                            .doesNotContain(TinyLinuxGuest.PING_FAIL_MARKER);
                    d.destroy();
                    assertThat(net.links()).isEqualTo(withNetwork);
                } finally {
                    cleanUp(d);
                }
            } finally {
                cleanUp(network);
            }
        }
    }

    private String awaitLease(Path serial, Domain d) throws Exception {
        String console = awaitAny(serial, d, LEASE_TIMEOUT_S, TinyLinuxGuest.LEASE_MARKER + " ",
                TinyLinuxGuest.DHCP_FAIL_MARKER);
        Matcher m = LEASE.matcher(console);
        if (!m.find()) {
            fail("the guest got no DHCP lease; serial:%n%s", console);
        }
        return m.group(1);
    }

    /** Waits for the first of the markers on the serial log; the domain dying first fails at once. */
    private static String awaitAny(Path serial, Domain d, int seconds, String... markers) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String text = read(serial);
            for (String marker : markers) {
                if (text.contains(marker) && text.indexOf('\n', text.indexOf(marker)) > 0) {
                    return text;
                }
            }
            if (!d.isActive()) {
                fail("the guest stopped (%s) before %s; serial:%n%s", d.state(), List.of(markers), text);
            }
            Thread.sleep(100);
        }
        return fail("none of %s on the serial console within %d s; serial:%n%s", List.of(markers), seconds,
                read(serial));
    }

    /** dnsmasq records the lease as it acknowledges it; a short bounded poll covers the file write. */
    private static NetworkDhcpLease awaitNetworkLease(Network network, String mac) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            List<NetworkDhcpLease> leases = network.dhcpLeases();
            for (NetworkDhcpLease lease : leases) {
                if (mac.equalsIgnoreCase(lease.mac())) {
                    return lease;
                }
            }
            if (System.nanoTime() > deadline) {
                return fail("no lease for %s in %s", mac, leases);
            }
            Thread.sleep(100);
        }
    }

    private static void awaitState(Domain d, DomainStateInfo wanted, int seconds, Path serial) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!d.state().equals(wanted)) {
            if (System.nanoTime() > deadline) {
                fail("the domain is %s, not %s, %d s after shutdown; serial:%n%s", d.state(), wanted, seconds,
                        read(serial));
            }
            Thread.sleep(100);
        }
    }

    private static void cleanUp(Domain d) {
        try {
            if (d.isActive()) {
                d.destroy();
            }
        } finally {
            d.undefine();
        }
    }

    private static void cleanUp(Network n) {
        try {
            if (n.isActive()) {
                n.destroy();
            }
        } finally {
            n.undefine();
        }
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
    }
}
