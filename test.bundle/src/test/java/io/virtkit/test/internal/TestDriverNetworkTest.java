package io.virtkit.test.internal;

import static io.virtkit.api.NetworkEventType.DEFINED;
import static io.virtkit.api.NetworkEventType.STARTED;
import static io.virtkit.api.NetworkEventType.STOPPED;
import static io.virtkit.api.NetworkEventType.UNDEFINED;
import static io.virtkit.test.internal.TestDriverDomainTest.assertVirtError;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.Connection;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.Network;
import io.virtkit.api.NetworkEvent;
import io.virtkit.api.NetworkEventType;
import io.virtkit.api.NetworkListFlag;
import io.virtkit.api.Registration;
import io.virtkit.api.XmlFlag;

/** Network operations on test:///default, checked against what virsh shows for libvirt's test driver. */
class TestDriverNetworkTest {

    static final String UUID_1 = "11111111-2222-3333-4444-555555555555";

    private TestDriver driver;
    private Connection conn;
    private final BlockingQueue<NetworkEvent> events = new LinkedBlockingQueue<>();
    private Registration registration;

    @BeforeEach
    void open() {
        driver = new TestDriver();
        conn = Open.connection(driver, "test:///default");
        registration = conn.addNetworkEventListener(events::add);
    }

    @AfterEach
    void close() {
        driver.close();
    }

    static String network(String name, String uuid, String bridge) {
        return "<network><name>" + name + "</name>" + (uuid == null ? "" : "<uuid>" + uuid + "</uuid>")
                + (bridge == null ? "" : "<bridge name='" + bridge + "'/>")
                + "<ip address='10.0.0.1' prefix='24'><dhcp><range start='10.0.0.2' end='10.0.0.9'/></dhcp></ip>"
                + "</network>";
    }

    private List<String> names(NetworkListFlag... flags) {
        return conn.listAllNetworks(flags).stream().map(Network::name).toList();
    }

    private void expect(String name, NetworkEventType type) throws InterruptedException {
        NetworkEvent e = events.poll(5, TimeUnit.SECONDS);
        assertThat(e).as("an event within 5 s").isNotNull();
        assertThat(e.network().name()).isEqualTo(name);
        assertThat(e.type()).isEqualTo(type);
        assertThat(e.network().connection()).isSameAs(conn);
    }

    private void expectNone() throws InterruptedException {
        assertThat(events.poll(300, TimeUnit.MILLISECONDS)).as("no further event").isNull();
    }

    @Test
    void defaultNetworkIsLibvirtsActivePersistentNat() {
        Network n = conn.lookupNetworkByName("default");
        assertThat(n.uuid()).isEqualTo(UUID.fromString("dd8fe884-6c02-601e-7551-cca97df1c5df"));
        assertThat(conn.lookupNetworkByUuid(n.uuid())).isEqualTo(n);
        assertThat(n.isActive()).isTrue();
        assertThat(n.isPersistent()).isTrue();
        assertThat(n.autostart()).as("virsh net-list shows autostart 'no'").isFalse();
        assertThat(n.bridgeName()).isEqualTo("virbr0");
        assertThat(n.dhcpLeases()).isEmpty();
        assertThat(n.xml()).isEqualTo(DefaultTestHost.NETWORK_XML);
        assertThat(n.xml(XmlFlag.INACTIVE)).isEqualTo(DefaultTestHost.NETWORK_XML);
        assertThat(names()).containsExactly("default");
    }

    @Test
    void lookupsOfMissingNetworksFailWithLibvirtsWording() {
        assertVirtError(() -> conn.lookupNetworkByName("nope"), ErrorCode.NO_NETWORK, ErrorDomain.TEST,
                "Network not found: no network with matching name 'nope'");
        UUID uuid = UUID.fromString(UUID_1);
        assertVirtError(() -> conn.lookupNetworkByUuid(uuid), ErrorCode.NO_NETWORK, ErrorDomain.TEST,
                "Network not found: no network with matching uuid '" + UUID_1 + "'");
    }

    @Test
    void definedNetworkGoesThroughEveryTransition() throws InterruptedException {
        Network n = conn.defineNetwork(network("n1", UUID_1, "virbr5"));
        expect("n1", DEFINED);
        assertThat(n.isActive()).isFalse();
        assertThat(n.isPersistent()).isTrue();
        assertThat(n.bridgeName()).isEqualTo("virbr5");
        assertThat(n.xml()).contains("<name>n1</name>", "<uuid>" + UUID_1 + "</uuid>", "virbr5");
        assertThat(names(NetworkListFlag.INACTIVE)).containsExactly("n1");
        assertThat(names(NetworkListFlag.ACTIVE)).containsExactly("default");

        assertVirtError(n::destroy, ErrorCode.OPERATION_INVALID, ErrorDomain.NETWORK,
                "Requested operation is not valid: network 'n1' is not active");
        n.start();
        expect("n1", STARTED);
        assertThat(n.isActive()).isTrue();
        assertVirtError(n::start, ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                "Requested operation is not valid: Network 'n1' is already running");
        assertVirtError(n::undefine, ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                "Requested operation is not valid: Network 'n1' is still running");

        n.setAutostart(true);
        assertThat(n.autostart()).isTrue();
        assertThat(names(NetworkListFlag.AUTOSTART)).containsExactly("n1");
        assertThat(names(NetworkListFlag.NO_AUTOSTART)).containsExactly("default");
        n.setAutostart(false);
        assertThat(n.autostart()).isFalse();

        n.destroy();
        expect("n1", STOPPED);
        assertThat(n.isActive()).isFalse();
        assertThat(n.isPersistent()).as("a persistent network stays").isTrue();
        n.undefine();
        expect("n1", UNDEFINED);
        expectNone();
        assertThat(names()).containsExactly("default");
        assertVirtError(n::isActive, ErrorCode.NO_NETWORK, ErrorDomain.TEST,
                "Network not found: no network with matching name 'n1'");
        assertVirtError(n::dhcpLeases, ErrorCode.NO_NETWORK, ErrorDomain.TEST,
                "Network not found: no network with matching name 'n1'");
    }

    @Test
    void redefiningUpdatesAndWhileActiveTakesEffectAtTheStop() throws InterruptedException {
        Network n = conn.defineNetwork(network("n1", UUID_1, "virbr5"));
        expect("n1", DEFINED);
        conn.defineNetwork(network("n1", UUID_1, "virbr6"));
        expect("n1", DEFINED);
        assertThat(n.bridgeName()).isEqualTo("virbr6");
        n.start();
        expect("n1", STARTED);
        conn.defineNetwork(network("n1", UUID_1, "virbr7"));
        expect("n1", DEFINED);
        assertThat(n.bridgeName()).as("the running configuration stays").isEqualTo("virbr6");
        assertThat(n.xml()).contains("virbr6");
        assertThat(n.xml(XmlFlag.INACTIVE)).contains("virbr7");
        n.destroy();
        expect("n1", STOPPED);
        assertThat(n.bridgeName()).isEqualTo("virbr7");
        assertThat(conn.listAllNetworks()).hasSize(2);
    }

    @Test
    void clashesFailWithLibvirtsWordsAndLeaveNothingBehind() throws InterruptedException {
        conn.defineNetwork(network("n1", UUID_1, null));
        expect("n1", DEFINED);
        String otherUuid = "11111111-2222-3333-4444-555555555556";
        assertVirtError(() -> conn.defineNetwork(network("n1", otherUuid, null)), ErrorCode.OPERATION_FAILED,
                ErrorDomain.NETWORK, "operation failed: network 'n1' already exists with uuid " + UUID_1);
        assertVirtError(() -> conn.defineNetwork(network("n2", UUID_1, null)), ErrorCode.OPERATION_FAILED,
                ErrorDomain.NETWORK, "operation failed: network 'n1' is already defined with uuid " + UUID_1);
        assertVirtError(() -> conn.createNetwork(network("n2", UUID_1, null)), ErrorCode.OPERATION_FAILED,
                ErrorDomain.NETWORK, "operation failed: network 'n1' is already defined with uuid " + UUID_1);
        assertVirtError(() -> conn.defineNetwork("<domain/>"), ErrorCode.XML_ERROR, ErrorDomain.NETWORK,
                "XML error: expecting root element of 'network', not 'domain'");
        assertThatNetworks("default", "n1");
        assertThat(conn.lookupNetworkByName("n1").isActive()).isFalse();
        expectNone();
    }

    private void assertThatNetworks(String... expected) {
        assertThat(names()).containsExactly(expected);
    }

    @Test
    void transientNetworkVanishesOnDestroy() throws InterruptedException {
        Network n = conn.createNetwork(network("t1", null, null));
        expect("t1", STARTED);
        assertThat(n.isActive()).isTrue();
        assertThat(n.isPersistent()).isFalse();
        assertThat(names(NetworkListFlag.TRANSIENT)).containsExactly("t1");
        assertThat(names(NetworkListFlag.PERSISTENT, NetworkListFlag.INACTIVE)).isEmpty();
        assertVirtError(n::bridgeName, ErrorCode.INTERNAL_ERROR, ErrorDomain.TEST,
                "internal error: network 't1' does not have a bridge name.");
        assertVirtError(() -> n.setAutostart(true), ErrorCode.OPERATION_INVALID, ErrorDomain.NETWORK,
                "Requested operation is not valid: cannot set autostart for transient network");
        assertVirtError(n::undefine, ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                "Requested operation is not valid: Network 't1' is still running");
        assertVirtError(() -> conn.createNetwork(network("t1", n.uuid().toString(), null)),
                ErrorCode.OPERATION_INVALID, ErrorDomain.NETWORK,
                "Requested operation is not valid: network is already active as 't1'");
        n.destroy();
        expect("t1", STOPPED);
        expectNone();
        assertThat(names()).containsExactly("default");
        assertVirtError(n::isActive, ErrorCode.NO_NETWORK, ErrorDomain.TEST,
                "Network not found: no network with matching name 't1'");
    }

    @Test
    void createOfADefinedNetworkRunsTheGivenXmlOnce() throws InterruptedException {
        Network n = conn.defineNetwork(network("n1", UUID_1, "virbr5"));
        expect("n1", DEFINED);
        Network created = conn.createNetwork(network("n1", UUID_1, "virbr7"));
        expect("n1", STARTED);
        assertThat(created).isEqualTo(n);
        assertThat(n.isPersistent()).isTrue();
        assertThat(n.bridgeName()).isEqualTo("virbr7");
        n.destroy();
        expect("n1", STOPPED);
        assertThat(n.bridgeName()).isEqualTo("virbr5");
    }

    @Test
    void listFlagsCombineAsLibvirts() {
        conn.defineNetwork(network("inactive", null, null));
        conn.createNetwork(network("transient", null, null));
        assertThat(names()).containsExactly("default", "inactive", "transient");
        assertThat(names(NetworkListFlag.ACTIVE, NetworkListFlag.INACTIVE))
                .containsExactly("default", "inactive", "transient");
        assertThat(names(NetworkListFlag.ACTIVE, NetworkListFlag.PERSISTENT)).containsExactly("default");
        assertThat(names(NetworkListFlag.INACTIVE, NetworkListFlag.TRANSIENT)).isEmpty();
    }

    @Test
    void otherConnectionsSeeTheSameNetworksAndClosedOnesFail() throws InterruptedException {
        Connection other = Open.connection(driver, "test:///default");
        BlockingQueue<NetworkEvent> seen = new LinkedBlockingQueue<>();
        other.addNetworkEventListener(seen::add);
        conn.defineNetwork(network("n1", UUID_1, null));
        NetworkEvent e = seen.poll(5, TimeUnit.SECONDS);
        assertThat(e).isNotNull();
        assertThat(e.network().connection()).isSameAs(other);
        assertThat(e.toString()).isEqualTo("event 'lifecycle' for network 'n1': Defined");
        // each connection delivers on its own: wait for this one's too before its listener goes below
        expect("n1", DEFINED);
        Network n = other.lookupNetworkByName("n1");
        other.close();
        assertVirtError(n::isActive, ErrorCode.INVALID_CONN, ErrorDomain.NONE,
                "invalid connection pointer in virNetworkIsActive");
        assertVirtError(other::listAllNetworks, ErrorCode.INVALID_CONN, ErrorDomain.NONE,
                "invalid connection pointer in virConnectListAllNetworks");
        registration.close();
        conn.lookupNetworkByName("n1").undefine();
        // the listener is gone: no UNDEFINED for it
        expectNone();
    }

    @Test
    void nodeFileNetworksAreActiveAndPersistent(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("net2.xml"), network("n2", null, "virbr9"));
        Path node = dir.resolve("node.xml");
        Files.writeString(node, "<node>" + network("n1", UUID_1, "virbr8") + "<network file='net2.xml'/></node>");
        Connection c = Open.connection(driver, "test://" + node);
        assertThat(c.listAllNetworks(NetworkListFlag.ACTIVE, NetworkListFlag.PERSISTENT))
                .extracting(Network::name).containsExactly("n1", "n2");
        assertThat(c.lookupNetworkByName("n2").bridgeName()).isEqualTo("virbr9");

        Path clash = dir.resolve("clash.xml");
        Files.writeString(clash, "<node>" + network("n1", null, null) + network("n1", null, null) + "</node>");
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> Open.connection(driver, "test://" + clash), io.virtkit.api.VirtException.class).code())
                .isEqualTo(ErrorCode.OPERATION_FAILED);
    }
}
