package io.virtkit.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.osgi.framework.Constants;

import io.virtkit.api.ClientIdentity;
import io.virtkit.api.ConnectFlag;
import io.virtkit.api.ConnectRequest;
import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainEvent;
import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.Network;
import io.virtkit.api.NetworkEvent;
import io.virtkit.api.NetworkEventType;
import io.virtkit.api.StartFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.api.qemu.QemuDomain;

/** Core's {@link CoreConnection}, {@link CoreDomain} and {@link CoreNetwork} over recording sub-drivers. */
class CoreConnectionTest {

    private final DefaultConnectionFactory factory = new DefaultConnectionFactory();
    private final FakeSubDrivers.Hypervisor qemu =
            new FakeSubDrivers.Hypervisor("QEMU", true, Set.of("sysinfo", "domainCapabilities"), "qemu");
    private final FakeSubDrivers.Network net = new FakeSubDrivers.Network("qemu");

    CoreConnectionTest() {
        factory.addHypervisorDriver(qemu, Map.of(Constants.SERVICE_ID, 1L));
        factory.addNetworkDriver(net, Map.of(Constants.SERVICE_ID, 2L));
    }

    /** The bug of issue 10: with a network driver joined, sysinfo answered NO_SUPPORT (a decorator forgot it). */
    @Test
    void everyHostCallReachesTheHypervisorDriverWhenNetworksAreJoined() {
        Connection c = factory.open("qemu:///system");

        assertThat(c.sysinfo()).isEqualTo("<sysinfo type='smbios'/>");
        assertThat(c.listAllNetworks()).hasSize(1);
        assertThat(qemu.calls).contains("sysinfo");
        assertThat(net.calls).containsExactly("listAllNetworks");
    }

    @Test
    void domainCapabilitiesReachTheDriverWithEveryArgumentAndTheFlags() {
        Connection c = factory.open("qemu:///system");

        assertThat(c.domainCapabilities("/usr/bin/qemu-system-x86_64", "x86_64", null, "kvm", 0))
                .isEqualTo("<domainCapabilities>[/usr/bin/qemu-system-x86_64, x86_64, null, kvm, 0]"
                        + "</domainCapabilities>");
        c.domainCapabilities(null, null, null, null, 4);
        assertThat(qemu.lastFlags).isEqualTo(4L); // the driver checks them, as libvirt's virCheckFlags
    }

    @Test
    void domainCapabilitiesOfADriverWithoutThemIsNoSupportAndInvalidOnceClosed() {
        FakeSubDrivers.Hypervisor lxc = new FakeSubDrivers.Hypervisor("LXC", true, Set.of(), "lxc");
        factory.addHypervisorDriver(lxc, Map.of(Constants.SERVICE_ID, 3L));
        Connection c = factory.open("lxc:///system");

        assertVirtError(() -> c.domainCapabilities(null, null, null, null, 0), ErrorCode.NO_SUPPORT,
                "this function is not supported by the connection driver: virConnectGetDomainCapabilities");
        c.close();
        assertVirtError(() -> c.domainCapabilities(null, null, null, null, 0), ErrorCode.INVALID_CONN,
                "invalid connection pointer in virConnectGetDomainCapabilities");
    }

    @Test
    void whatNoSubDriverOffersIsNoSupportNamingLibvirtsFunction() {
        Connection c = factory.open("qemu:///system");
        Domain d = c.lookupDomainByName("vm1");

        assertVirtError(() -> d.openConsole(null), ErrorCode.NO_SUPPORT,
                "this function is not supported by the connection driver: virDomainOpenConsole");
        assertVirtError(() -> ((QemuDomain) d).monitorCommand("{}"), ErrorCode.NO_SUPPORT,
                "this function is not supported by the connection driver: virDomainQemuMonitorCommand");
        assertVirtError(() -> c.domainXmlToNative("qemu-argv", "<domain/>"), ErrorCode.NO_SUPPORT,
                "this function is not supported by the connection driver: virConnectDomainXMLToNative");
    }

    @Test
    void everyKindOfHandleIsInvalidOnceItsConnectionIsClosed() {
        Connection c = factory.open("qemu:///system");
        Domain d = c.lookupDomainByName("vm1");
        Network n = c.lookupNetworkByName("net1");
        int before = qemu.calls.size();

        c.close();
        c.close(); // idempotent

        assertThat(c.isAlive()).isFalse();
        assertVirtError(c::sysinfo, ErrorCode.INVALID_CONN, "invalid connection pointer in virConnectGetSysinfo");
        assertVirtError(c::uri, ErrorCode.INVALID_CONN, "invalid connection pointer in virConnectGetURI");
        assertVirtError(d::start, ErrorCode.INVALID_CONN, "invalid connection pointer in virDomainCreateWithFlags");
        assertVirtError(d::id, ErrorCode.INVALID_CONN, "invalid connection pointer in virDomainGetID");
        assertVirtError(() -> d.xml(), ErrorCode.INVALID_CONN, "invalid connection pointer in virDomainGetXMLDesc");
        assertVirtError(n::start, ErrorCode.INVALID_CONN, "invalid connection pointer in virNetworkCreate");
        assertVirtError(n::dhcpLeases, ErrorCode.INVALID_CONN,
                "invalid connection pointer in virNetworkGetDHCPLeases");
        assertVirtError(() -> c.addDomainEventListener(e -> { }), ErrorCode.INVALID_CONN,
                "invalid connection pointer in virConnectDomainEventRegisterAny");
        // nothing reached the driver after close but the close itself, once
        assertThat(qemu.calls.subList(before, qemu.calls.size())).containsExactly("close");
        assertThat(net.calls).containsExactly("lookupNetworkByName", "close");
        assertThat(factory.openConnections()).isZero();
    }

    @Test
    void aDriverGoingAwayKillsItsConnectionsWithoutClosingThem() {
        Connection c = factory.open("qemu:///system");
        Domain d = c.lookupDomainByName("vm1");

        factory.removeHypervisorDriver(qemu);

        assertThat(c.isAlive()).isFalse();
        assertVirtError(d::destroy, ErrorCode.INVALID_CONN, "invalid connection pointer in virDomainDestroy");
        assertThat(qemu.calls).doesNotContain("close"); // the driver lets go of its connections itself
        assertThat(net.calls).containsExactly("close");
    }

    @Test
    void aReadOnlyConnectionRefusesChangesBeforeTheyReachTheDriver() {
        Connection c = factory.open(ConnectRequest.to("qemu:///system").withFlags(ConnectFlag.READ_ONLY));
        Domain d = c.lookupDomainByName("vm1");
        Network n = c.lookupNetworkByName("net1");

        assertThat(qemu.lastRequest.readOnly()).isTrue();
        assertVirtError(() -> c.defineDomain("<domain/>"), ErrorCode.OPERATION_DENIED,
                "operation forbidden: read only access prevents virDomainDefineXML");
        assertVirtError(d::start, ErrorCode.OPERATION_DENIED,
                "operation forbidden: read only access prevents virDomainCreateWithFlags");
        assertVirtError(d::destroy, ErrorCode.OPERATION_DENIED,
                "operation forbidden: read only access prevents virDomainDestroy");
        assertVirtError(() -> d.xml(XmlFlag.SECURE), ErrorCode.OPERATION_DENIED,
                "operation forbidden: virDomainGetXMLDesc with secure flag");
        assertVirtError(n::destroy, ErrorCode.OPERATION_DENIED,
                "operation forbidden: read only access prevents virNetworkDestroy");
        assertVirtError(() -> c.domainCapabilities(null, null, null, null, 0), ErrorCode.OPERATION_DENIED,
                "operation forbidden: read only access prevents virConnectGetDomainCapabilities");
        assertThat(qemu.calls).containsExactly("lookupDomainByName");
        // reading is allowed
        assertThat(d.xml()).isEqualTo("<domain/>");
        assertThat(d.isActive()).isTrue();
    }

    @Test
    void theOpenRequestCarriesCredentialsAndIdentityToTheDriver() {
        ClientIdentity who = ClientIdentity.unixPeer(1000, 100, 4242);
        factory.open(ConnectRequest.to("qemu+ssh://root@host/system").withAuth(creds -> { }).withIdentity(who));

        assertThat(qemu.lastRequest.identity()).isEqualTo(who);
        assertThat(qemu.lastRequest.auth()).isNotNull();
        assertThat(qemu.lastRequest.transport()).hasValue("ssh");
        assertThat(qemu.lastRequest.uri().getHost()).isEqualTo("host");
        assertThat(qemu.lastRequest.driverScheme()).isEqualTo("qemu");
    }

    @Test
    void flagsTravelAsLibvirtsBits() {
        Connection c = factory.open("qemu:///system");

        c.createDomain("<domain/>", StartFlag.PAUSED, StartFlag.AUTODESTROY);
        assertThat(qemu.lastFlags).isEqualTo(3);
        c.lookupDomainByName("vm1").xml(XmlFlag.INACTIVE);
        assertThat(qemu.lastFlags).isEqualTo(2);
    }

    @Test
    void eventsArriveWithHandlesOnTheListenersConnectionUntilItCloses() throws InterruptedException {
        Connection c = factory.open("qemu:///system");
        assertThat(qemu.events.domainEventsWanted()).isFalse();
        BlockingQueue<DomainEvent> domains = new LinkedBlockingQueue<>();
        BlockingQueue<NetworkEvent> networks = new LinkedBlockingQueue<>();
        c.addDomainEventListener(domains::add);
        c.addNetworkEventListener(networks::add);
        assertThat(qemu.events.domainEventsWanted()).isTrue();

        qemu.events.report(FakeSubDrivers.DOMAIN, DomainEventDetail.STARTED_BOOTED);
        net.events.report(FakeSubDrivers.NETWORK, NetworkEventType.STARTED);

        DomainEvent e = domains.poll(5, TimeUnit.SECONDS);
        assertThat(e).isNotNull();
        assertThat(e.domain().connection()).isSameAs(c);
        assertThat(e.domain()).isEqualTo(c.lookupDomainByName("vm1"));
        assertThat(e.detail()).isEqualTo(DomainEventDetail.STARTED_BOOTED);
        NetworkEvent ne = networks.poll(5, TimeUnit.SECONDS);
        assertThat(ne).isNotNull();
        assertThat(ne.network().connection()).isSameAs(c);

        c.close();
        assertThat(qemu.events.domainEventsWanted()).isFalse();
        qemu.events.report(FakeSubDrivers.DOMAIN, DomainEventDetail.STOPPED_DESTROYED);
        assertThat(domains.poll(Duration.ofMillis(200).toMillis(), TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aHypervisorWithItsOwnNetworksIsNotJoinedWithTheNetworkDriver() {
        List<String> ownCalls = new java.util.ArrayList<>();
        qemu.ownNetworks = FakeSubDrivers.Network.connection(ownCalls);

        Connection c = factory.open("qemu:///system");
        c.listAllNetworks();
        c.close();

        assertThat(ownCalls).containsExactly("listAllNetworks"); // closed by its hypervisor connection, not core
        assertThat(net.calls).isEmpty();
    }

    private static void assertVirtError(Executable call, ErrorCode code, String message) {
        assertThatThrownBy(call::execute).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.domain()).isIn(ErrorDomain.NONE, ErrorDomain.NETWORK);
        }).hasMessage(message);
    }
}
