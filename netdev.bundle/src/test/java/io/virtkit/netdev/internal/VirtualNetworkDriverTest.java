package io.virtkit.netdev.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.Connection;
import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.Network;
import io.virtkit.api.NetworkEventType;
import io.virtkit.api.NetworkListFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.NetworkConnection;
import io.virtkit.api.driver.NetworkRef;
import io.virtkit.api.driver.OpenRequest;

/** The network driver for real, inside a namespace per test (root, dnsmasq and nft needed). */
class VirtualNetworkDriverTest {

    private static final String ISOLATED = """
            <network>
              <name>iso</name>
              <ip address='10.77.0.1' prefix='24'>
                <dhcp><range start='10.77.0.10' end='10.77.0.20'/></dhcp>
              </ip>
            </network>""";
    private static final String NAT = """
            <network>
              <name>natnet</name>
              <forward mode='nat'/>
              <bridge name='vknat0'/>
              <mtu size='1400'/>
              <ip address='10.78.0.1' netmask='255.255.255.0'>
                <dhcp><range start='10.78.0.10' end='10.78.0.20'/></dhcp>
              </ip>
            </network>""";

    private NetworkTestFixture fx;
    private VirtualNetworkDriver driver;

    @BeforeEach
    void setUp() throws IOException {
        fx = new NetworkTestFixture();
    }

    @AfterEach
    void tearDown() throws IOException {
        try {
            if (driver != null) {
                driver.close();
            }
        } finally {
            fx.close();
        }
    }

    private List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void isolatedNetworkGetsVirbr0AddressAndDnsmasqAndIsRemovedCompletely() throws IOException {
        driver = fx.driver();
        Connection access = fx.open(driver);
        Network net = access.defineNetwork(ISOLATED);
        assertThat(net.bridgeName()).isEqualTo("virbr0");
        assertThat(net.isActive()).isFalse();
        assertThat(net.isPersistent()).isTrue();
        assertThat(fx.stateDir.resolve("iso.xml")).content().contains("<bridge name='virbr0'").contains("<mac address='52:54:00:");
        assertThat(fx.links()).isEqualTo(fx.initialLinks);

        net.start();
        assertThat(net.isActive()).isTrue();
        assertThat(fx.ns.ipIn("-d", "addr", "show", "virbr0")).contains("bridge").contains("inet 10.77.0.1/24")
                .containsPattern("[<,]UP[,>]");
        long pid = Long.parseLong(Files.readString(fx.runDir.resolve("iso.pid")).trim());
        assertThat(ProcessHandle.of(pid)).isPresent();
        assertThat(fx.runDir.resolve("iso.xml")).exists();
        assertThatThrownBy(net::start).isInstanceOf(VirtException.class)
                .hasMessage("Requested operation is not valid: network is already active");
        assertThat(access.listAllNetworks(NetworkListFlag.ACTIVE)).extracting(Network::name).containsExactly("iso");
        assertThat(access.listAllNetworks(NetworkListFlag.INACTIVE)).isEmpty();

        net.destroy();
        assertThat(net.isActive()).isFalse();
        assertThat(fx.links()).isEqualTo(fx.initialLinks);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                && !isZombie(pid)).isFalse();
        assertThat(fx.runDir.resolve("iso.xml")).doesNotExist();
        assertThatThrownBy(net::destroy).isInstanceOf(VirtException.class)
                .hasMessage("Requested operation is not valid: network is not active");

        net.undefine();
        assertThat(files(fx.stateDir)).isEmpty();
        assertThat(files(fx.runDir)).isEmpty();
        assertThatThrownBy(() -> access.lookupNetworkByName("iso")).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NO_NETWORK);
            assertThat(e.domain()).isEqualTo(ErrorDomain.NETWORK);
            assertThat(e).hasMessage("Network not found: no network with matching name 'iso'");
        });
        assertThatThrownBy(net::start).isInstanceOf(VirtException.class).hasMessageContaining("no network with matching uuid");
    }

    @Test
    void natNetworkInstallsItsTableAndForwardingAndRemovesTheTable() throws IOException {
        driver = fx.driver();
        Connection access = fx.open(driver);
        Network net = access.defineNetwork(NAT);
        net.start();
        assertThat(fx.ns.ipIn("-d", "addr", "show", "vknat0")).contains("inet 10.78.0.1/24").contains("mtu 1400");
        assertThat(fx.inNs("nft", "list", "tables")).contains("table ip virtkit-natnet");
        assertThat(fx.inNs("cat", "/proc/sys/net/ipv4/ip_forward").trim()).isEqualTo("1");
        assertThat(fx.runDir.resolve("natnet.pid")).exists();
        assertThat(net.dhcpLeases()).isEmpty();

        net.destroy();
        assertThat(fx.inNs("nft", "list", "tables")).doesNotContain("virtkit-natnet");
        assertThat(fx.links()).isEqualTo(fx.initialLinks);
        assertThat(fx.runDir.resolve("natnet.pid")).doesNotExist();
        net.undefine();
        assertThat(files(fx.stateDir)).isEmpty();
    }

    @Test
    void transientNetworkVanishesOnDestroy() {
        driver = fx.driver();
        Connection access = fx.open(driver);
        Network net = access.createNetwork(ISOLATED);
        assertThat(net.isActive()).isTrue();
        assertThat(net.isPersistent()).isFalse();
        assertThatThrownBy(net::undefine).isInstanceOf(VirtException.class)
                .hasMessage("Requested operation is not valid: can't undefine transient network");
        net.destroy();
        assertThat(access.listAllNetworks()).isEmpty();
        assertThat(fx.links()).isEqualTo(fx.initialLinks);
    }

    @Test
    void aBridgeNameTakenByAnotherLinkFailsTheStartAndLeavesNothing() throws IOException {
        fx.ns.ipIn("link", "add", "vknat0", "type", "veth", "peer", "name", "vknatpeer");
        List<String> before = fx.links();
        driver = fx.driver();
        Network net = fx.open(driver).defineNetwork(NAT);
        assertThatThrownBy(net::start).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e.getMessage()).contains("error creating bridge interface vknat0").contains("File exists"));
        assertThat(net.isActive()).isFalse();
        assertThat(fx.links()).isEqualTo(before);
        assertThat(fx.ns.ipIn("-d", "link", "show", "vknat0")).contains("veth");
        assertThat(fx.inNs("nft", "list", "tables")).isBlank();
        assertThat(files(fx.runDir)).isEmpty();
    }

    @Test
    void aDnsmasqThatFailsRollsBackTheBridgeAndAddress() throws IOException {
        // /bin/false exits 1 as dnsmasq does on a bad config: the bridge was already created and addressed
        driver = new VirtualNetworkDriver(fx.settings(Path.of("/bin/false")));
        Network net = fx.open(driver).defineNetwork(NAT);
        assertThatThrownBy(net::start).isInstanceOf(VirtException.class).hasMessageContaining("unexpected exit status 1");
        assertThat(net.isActive()).isFalse();
        assertThat(fx.links()).isEqualTo(fx.initialLinks);
        assertThat(fx.inNs("nft", "list", "tables")).isBlank();
        assertThat(files(fx.runDir)).isEmpty();
    }

    @Test
    void eventsFollowTheLifecycle() throws Exception {
        driver = fx.driver();
        Connection access = fx.open(driver);
        List<String> events = new CopyOnWriteArrayList<>();
        access.addNetworkEventListener(e -> events.add(e.toString()));
        Network net = access.defineNetwork(ISOLATED);
        net.start();
        net.destroy();
        net.undefine();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (events.size() < 4 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(events).containsExactly(
                "event 'lifecycle' for network 'iso': " + NetworkEventType.DEFINED.label(),
                "event 'lifecycle' for network 'iso': Started",
                "event 'lifecycle' for network 'iso': Stopped",
                "event 'lifecycle' for network 'iso': Undefined");
    }

    @Test
    void autostartStartsOnActivationAndANewInstanceAdoptsTheRunningNetwork() throws IOException {
        VirtualNetworkDriver first = fx.driver();
        Network net = fx.open(first).defineNetwork(NAT);
        net.setAutostart(true);
        assertThat(net.autostart()).isTrue();
        first.close();
        assertThat(fx.links()).isEqualTo(fx.initialLinks);

        VirtualNetworkDriver second = fx.driver();
        long pid;
        try {
            Network started = fx.open(second).lookupNetworkByName("natnet");
            assertThat(started.isActive()).isTrue();
            assertThat(started.autostart()).isTrue();
            assertThat(fx.links()).contains("vknat0");
            pid = Long.parseLong(Files.readString(fx.runDir.resolve("natnet.pid")).trim());
        } finally {
            second.close();
        }
        // closing the driver never stops a network: the third instance adopts bridge and dnsmasq as they are
        assertThat(fx.links()).contains("vknat0");
        driver = fx.driver();
        Network adopted = fx.open(driver).lookupNetworkByName("natnet");
        assertThat(adopted.isActive()).isTrue();
        assertThat(Long.parseLong(Files.readString(fx.runDir.resolve("natnet.pid")).trim())).isEqualTo(pid);
        adopted.destroy();
        assertThat(isAlive(pid)).isFalse();
        assertThat(fx.links()).isEqualTo(fx.initialLinks);
        assertThat(fx.inNs("nft", "list", "tables")).isBlank();
        adopted.setAutostart(false);
        adopted.undefine();
        assertThat(files(fx.stateDir)).isEmpty();
    }

    @Test
    void definitionsClashingByNameOrUuidAreRefused() {
        driver = fx.driver();
        Connection access = fx.open(driver);
        Network net = access.defineNetwork(ISOLATED);
        String sameNameOtherUuid = ISOLATED.replace("<name>iso</name>",
                "<name>iso</name><uuid>11111111-2222-3333-4444-555555555555</uuid>");
        assertThatThrownBy(() -> access.defineNetwork(sameNameOtherUuid)).isInstanceOf(VirtException.class)
                .hasMessage("operation failed: network 'iso' already exists with uuid " + net.uuid());
        // a second network without a bridge name gets the next free virbrN
        Network other = access.defineNetwork(ISOLATED.replace("iso", "iso2").replace("10.77.", "10.79."));
        assertThat(other.bridgeName()).isEqualTo("virbr1");
    }

    @Test
    void theSubDriverChecksFlagsDeclinesRemoteUrisAndReportsEventsOnlyWhenWanted() {
        driver = fx.driver();
        assertThat(driver.open(OpenRequest.of("qemu+ssh://root@host/system"), new Sink(true))).isEmpty();
        assertThat(driver.open(OpenRequest.of("lxc://host/"), new Sink(true))).isEmpty();
        assertThat(driver.open(OpenRequest.of("test:///default"), new Sink(true))).isEmpty();

        Sink quiet = new Sink(false);
        Sink listening = new Sink(true);
        NetworkConnection q = driver.open(OpenRequest.of("lxc:///system"), quiet).orElseThrow();
        NetworkConnection l = driver.open(OpenRequest.of("qemu:///system"), listening).orElseThrow();
        NetworkRef ref = l.defineNetwork(ISOLATED, 0);
        assertThat(q.lookupNetworkByName("iso")).isEqualTo(ref);
        assertThat(quiet.reports).isEmpty();
        assertThat(listening.reports).containsExactly("iso " + NetworkEventType.DEFINED);

        assertThatThrownBy(() -> l.listAllNetworks(1 << 6)).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARG);
            assertThat(e).hasMessageEndingWith("unsupported flags (0x40) in function virConnectListAllNetworks");
        });
        assertThatThrownBy(() -> l.networkXml(ref, 1 << 2)).isInstanceOf(VirtException.class)
                .hasMessageEndingWith("unsupported flags (0x4) in function virNetworkGetXMLDesc");
        assertThatThrownBy(() -> l.startNetwork(ref, 1)).isInstanceOf(VirtException.class)
                .hasMessageEndingWith("unsupported flags (0x1) in function virNetworkCreateWithFlags");
        assertThat(l.listAllNetworks(NetworkListFlag.INACTIVE.bit() | NetworkListFlag.PERSISTENT.bit()))
                .containsExactly(ref);
        assertThat(l.networkXml(ref, XmlFlag.INACTIVE.bit())).contains("<name>iso</name>");

        l.close();
        l.undefineNetwork(ref); // still a working table; only its events stop
        assertThat(listening.reports).containsExactly("iso " + NetworkEventType.DEFINED);
        assertThatThrownBy(() -> q.networkIsActive(ref)).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_NETWORK));
        q.close();
    }

    /** A stand-in for core's per-connection sink. */
    private static final class Sink implements ConnectionEvents {
        final List<String> reports = new CopyOnWriteArrayList<>();
        private final boolean wanted;

        Sink(boolean wanted) {
            this.wanted = wanted;
        }

        @Override
        public boolean domainEventsWanted() {
            return false;
        }

        @Override
        public void report(DomainRef domain, DomainEventDetail detail) {
            throw new AssertionError("a network driver reports no domain events");
        }

        @Override
        public boolean networkEventsWanted() {
            return wanted;
        }

        @Override
        public void report(NetworkRef network, NetworkEventType type) {
            if (!wanted) {
                throw new AssertionError("reported though nobody listens");
            }
            reports.add(network.name() + " " + type);
        }
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true;
        }
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).isPresent() && !isZombie(pid);
    }
}
