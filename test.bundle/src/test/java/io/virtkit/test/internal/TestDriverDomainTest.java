package io.virtkit.test.internal;

import static io.virtkit.api.DomainEventDetail.DEFINED_ADDED;
import static io.virtkit.api.DomainEventDetail.DEFINED_UPDATED;
import static io.virtkit.api.DomainEventDetail.RESUMED_UNPAUSED;
import static io.virtkit.api.DomainEventDetail.STARTED_BOOTED;
import static io.virtkit.api.DomainEventDetail.STOPPED_DESTROYED;
import static io.virtkit.api.DomainEventDetail.STOPPED_SHUTDOWN;
import static io.virtkit.api.DomainEventDetail.SUSPENDED_PAUSED;
import static io.virtkit.api.DomainEventDetail.UNDEFINED_REMOVED;
import static io.virtkit.test.internal.Xml.UUID_X;
import static io.virtkit.test.internal.Xml.domain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainEvent;
import io.virtkit.api.DomainListFlag;
import io.virtkit.api.DomainState;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.StartFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;

/** Domain operations on test:///default, checked against what virsh shows for libvirt's test driver. */
class TestDriverDomainTest {

    private TestDriver driver;
    private Connection conn;
    private Events events;

    @BeforeEach
    void open() {
        driver = new TestDriver();
        conn = Open.connection(driver, "test:///default");
        events = new Events(conn);
    }

    @AfterEach
    void close() {
        driver.close();
    }

    static void assertVirtError(ThrowingCallable call, ErrorCode code, ErrorDomain domain, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.domain()).isEqualTo(domain);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    private List<String> names(DomainListFlag... flags) {
        return conn.listAllDomains(flags).stream().map(Domain::name).toList();
    }

    // ---- the default state ------------------------------------------------------------------

    @Test
    void vncPasswordOnlyWithTheSecureFlag() {
        Domain d = conn.defineDomain("""
                <domain type='test'><name>vnc</name><memory>1024</memory>
                  <os><type>hvm</type></os>
                  <devices><graphics type='vnc' port='5901' passwd='s3cret'/></devices>
                </domain>""");
        assertThat(d.xml()).doesNotContain("s3cret");
        assertThat(d.xml(XmlFlag.INACTIVE)).doesNotContain("s3cret");
        assertThat(d.xml(XmlFlag.SECURE)).contains("passwd='s3cret'");
        d.start();
        assertThat(d.xml()).doesNotContain("s3cret").contains("id='");
        assertThat(d.xml(XmlFlag.SECURE)).contains("passwd='s3cret'");
        assertThat(d.xml(XmlFlag.SECURE, XmlFlag.INACTIVE)).contains("passwd='s3cret'").doesNotContain("id='");
        d.destroy();
        d.undefine();
    }

    @Test
    void defaultStateHasLibvirtsDefaultDomainAndHost() {
        Domain test = conn.lookupDomainByName("test");
        assertThat(test.uuid()).isEqualTo(UUID.fromString("6695eb01-f6a4-8304-79aa-97f2502e193f"));
        assertThat(test.id()).isEqualTo(1);
        assertThat(test.state().toString()).isEqualTo("running (unknown)");
        assertThat(test.isActive()).isTrue();
        assertThat(test.isPersistent()).isTrue();
        assertThat(test.autostart()).isFalse();
        assertThat(test.osType()).isEqualTo("linux");
        assertThat(test.info().maxMemoryKiB()).isEqualTo(8388608);
        assertThat(test.info().memoryKiB()).isEqualTo(2097152);
        assertThat(test.info().vcpus()).isEqualTo(2);
        assertThat(test.info().state()).isEqualTo(DomainState.RUNNING);
        assertThat(test.xml()).startsWith("<domain type='test' id='1'>").contains("<name>test</name>");
        assertThat(test.xml(XmlFlag.INACTIVE)).startsWith("<domain type='test'>");

        assertThat(conn.type()).isEqualTo("TEST");
        assertThat(conn.hypervisorVersion()).isEqualTo(2);
        assertThat(conn.libraryVersion()).isEqualTo(1000);
        assertThat(conn.uri()).isEqualTo("test:///default");
        assertThat(conn.hostname()).isNotBlank();
        var node = conn.nodeInfo();
        assertThat(node.cpuModel()).isEqualTo("i686");
        assertThat(node.cpus()).isEqualTo(16);
        assertThat(node.mhz()).isEqualTo(1400);
        assertThat(node.sockets()).isEqualTo(2);
        assertThat(node.coresPerSocket()).isEqualTo(2);
        assertThat(node.threadsPerCore()).isEqualTo(2);
        assertThat(node.numaNodes()).isEqualTo(2);
        assertThat(node.memoryKiB()).isEqualTo(3145728);
    }

    @Test
    void capabilitiesDescribeTheFakeHost() throws Exception {
        String caps = conn.capabilities();
        var doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new org.xml.sax.InputSource(new java.io.StringReader(caps)));
        var xpath = javax.xml.xpath.XPathFactory.newInstance().newXPath();
        assertThat(doc.getDocumentElement().getNodeName()).isEqualTo("capabilities");
        assertThat(xpath.evaluate("/capabilities/host/cpu/arch", doc)).isEqualTo("i686");
        assertThat(xpath.evaluate("/capabilities/host/topology/cells/@num", doc)).isEqualTo("2");
        assertThat(xpath.evaluate("count(//cell/cpus/cpu)", doc)).isEqualTo("16");
        assertThat(xpath.evaluate("count(/capabilities/guest)", doc)).isEqualTo("2");
        assertThat(xpath.evaluate("/capabilities/guest[1]/os_type", doc)).isEqualTo("hvm");
        assertThat(xpath.evaluate("/capabilities/guest[1]/arch/domain/@type", doc)).isEqualTo("test");
        assertThat(xpath.evaluate("/capabilities/host/secmodel/model", doc)).isEqualTo("testSecurity");
    }

    // ---- define ---------------------------------------------------------------------------

    @Test
    void defineAddsAnInactivePersistentDomain() throws Exception {
        Domain x = conn.defineDomain(domain("x", UUID_X));
        assertThat(x.name()).isEqualTo("x");
        assertThat(x.uuid()).isEqualTo(UUID.fromString(UUID_X));
        assertThat(x.id()).isEqualTo(-1);
        assertThat(x.isActive()).isFalse();
        assertThat(x.isPersistent()).isTrue();
        assertThat(x.state().toString()).isEqualTo("shut off (unknown)");
        assertThat(x.info().cpuTimeNanos()).isZero();
        DomainEvent e = events.expect("x", DEFINED_ADDED);
        assertThat(e.domain().connection()).isSameAs(conn);
        assertThat(e.domain()).isEqualTo(x);
        assertThat(events.threads.poll()).isNotSameAs(Thread.currentThread());
    }

    @Test
    void defineWithoutUuidGetsOne() throws Exception {
        Domain y = conn.defineDomain(domain("y", null));
        assertThat(y.uuid()).isNotNull();
        assertThat(conn.lookupDomainByUuid(y.uuid()).name()).isEqualTo("y");
    }

    @Test
    void redefiningTheSameDomainReplacesItsDefinition() throws Exception {
        conn.defineDomain(domain("x", UUID_X));
        Domain x = conn.defineDomain(Xml.domain("test", "x", UUID_X, 2048));
        events.expect("x", DEFINED_ADDED);
        events.expect("x", DEFINED_UPDATED);
        assertThat(x.info().maxMemoryKiB()).isEqualTo(2048);
        assertThat(names()).containsExactly("test", "x");
    }

    @Test
    void definingWhileRunningChangesOnlyThePersistentConfigUntilRestart() throws Exception {
        Domain x = conn.defineDomain(domain("x", UUID_X));
        x.start();
        conn.defineDomain(Xml.domain("test", "x", UUID_X, 4096));
        assertThat(x.info().maxMemoryKiB()).isEqualTo(1024);
        assertThat(x.xml()).contains("1024</memory>");
        assertThat(x.xml(XmlFlag.INACTIVE)).contains("4096</memory>");
        x.destroy();
        assertThat(x.xml()).contains("4096</memory>");
        x.start();
        assertThat(x.info().maxMemoryKiB()).isEqualTo(4096);
        events.expect("x", DEFINED_ADDED);
        events.expect("x", STARTED_BOOTED);
        events.expect("x", DEFINED_UPDATED);
        events.expect("x", STOPPED_DESTROYED);
        events.expect("x", STARTED_BOOTED);
    }

    @Test
    void nameOrUuidOfAnotherDomainIsRefusedAndNothingChanges() throws Exception {
        String other = "22222222-2222-3333-4444-555555555555";
        conn.defineDomain(domain("x", UUID_X));
        events.expect("x", DEFINED_ADDED);
        assertVirtError(() -> conn.defineDomain(domain("x", other)), ErrorCode.OPERATION_FAILED,
                ErrorDomain.DOMAIN, "operation failed: domain 'x' already exists with uuid " + UUID_X);
        assertVirtError(() -> conn.defineDomain(domain("z", UUID_X)), ErrorCode.OPERATION_FAILED,
                ErrorDomain.DOMAIN, "operation failed: domain 'x' is already defined with uuid " + UUID_X);
        assertVirtError(() -> conn.createDomain(domain("test", other)), ErrorCode.OPERATION_FAILED,
                ErrorDomain.DOMAIN,
                "operation failed: domain 'test' already exists with uuid 6695eb01-f6a4-8304-79aa-97f2502e193f");
        assertThat(names()).containsExactly("test", "x");
        assertThat(conn.lookupDomainByName("x").uuid()).isEqualTo(UUID.fromString(UUID_X));
        assertVirtError(() -> conn.lookupDomainByName("z"), ErrorCode.NO_DOMAIN, ErrorDomain.TEST,
                "Domain not found: no domain with matching name 'z'");
        events.expectNone();
    }

    @Test
    void onlyTestDomainsAreAccepted() throws Exception {
        assertVirtError(() -> conn.defineDomain(Xml.domain("kvm", "k", null, 1024)), ErrorCode.INVALID_ARG,
                ErrorDomain.CAPABILITIES, "invalid argument: could not find capabilities for arch=i686 domaintype=kvm");
        assertVirtError(() -> conn.createDomain(Xml.domain("kvm", "k", null, 1024)), ErrorCode.INVALID_ARG,
                ErrorDomain.CAPABILITIES, "invalid argument: could not find capabilities for arch=i686 domaintype=kvm");
        assertThat(names()).containsExactly("test");
        events.expectNone();
    }

    @Test
    void badXmlIsAnXmlErrorAndDefinesNothing() throws Exception {
        assertThatThrownBy(() -> conn.defineDomain("<domain type='test'><name>x"))
                .isInstanceOfSatisfying(VirtException.class,
                        e -> assertThat(e.code()).isIn(ErrorCode.XML_ERROR, ErrorCode.XML_DETAIL));
        assertThat(names()).containsExactly("test");
        events.expectNone();
    }

    // ---- lifecycle ------------------------------------------------------------------------

    @Test
    void lifecycleAsVirshShowsIt() throws Exception {
        Domain x = conn.defineDomain(domain("x", UUID_X));
        x.start();
        assertThat(x.state().toString()).isEqualTo("running (booted)");
        assertThat(x.id()).isEqualTo(2);
        assertVirtError(x::start, ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                "Requested operation is not valid: domain is already running");
        x.suspend();
        assertThat(x.state().toString()).isEqualTo("paused (user)");
        assertVirtError(x::suspend, ErrorCode.INTERNAL_ERROR, ErrorDomain.TEST, "internal error: domain 'x' not running");
        x.resume();
        assertThat(x.state().toString()).isEqualTo("running (unpaused)");
        assertVirtError(x::resume, ErrorCode.INTERNAL_ERROR, ErrorDomain.TEST, "internal error: domain 'x' not paused");
        x.destroy();
        assertThat(x.state().toString()).isEqualTo("shut off (destroyed)");
        assertThat(x.id()).isEqualTo(-1);
        assertVirtError(x::destroy, ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                "Requested operation is not valid: domain is not running");
        assertVirtError(x::suspend, ErrorCode.INTERNAL_ERROR, ErrorDomain.TEST, "internal error: domain 'x' not running");
        assertVirtError(x::resume, ErrorCode.INTERNAL_ERROR, ErrorDomain.TEST, "internal error: domain 'x' not paused");
        assertVirtError(x::shutdown, ErrorCode.INTERNAL_ERROR, ErrorDomain.TEST,
                "internal error: domain 'x' not running");
        assertVirtError(x::reboot, ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                "Requested operation is not valid: domain is not running");
        assertThat(x.state().toString()).isEqualTo("shut off (destroyed)");
        x.start();
        assertThat(x.id()).isEqualTo(3);
        x.shutdown();
        assertThat(x.state().toString()).isEqualTo("shut off (shutdown)");
        x.start();
        assertThat(x.id()).isEqualTo(4);
        x.suspend();
        x.reboot();
        assertThat(x.state().toString()).isEqualTo("running (booted)");
        assertThat(x.id()).isEqualTo(4);

        events.expect("x", DEFINED_ADDED);
        events.expect("x", STARTED_BOOTED);
        events.expect("x", SUSPENDED_PAUSED);
        events.expect("x", RESUMED_UNPAUSED);
        events.expect("x", STOPPED_DESTROYED);
        events.expect("x", STARTED_BOOTED);
        events.expect("x", STOPPED_SHUTDOWN);
        events.expect("x", STARTED_BOOTED);
        events.expect("x", SUSPENDED_PAUSED);
        events.expectNone(); // reboot has no lifecycle event
    }

    @Test
    void startPausedAndCreatePaused() throws Exception {
        Domain x = conn.defineDomain(domain("x", UUID_X));
        x.start(StartFlag.PAUSED);
        assertThat(x.state().toString()).isEqualTo("paused (user)");
        assertThat(x.isActive()).isTrue();
        Domain t = conn.createDomain(domain("t", null), StartFlag.PAUSED);
        assertThat(t.state().toString()).isEqualTo("paused (user)");
        events.expect("x", DEFINED_ADDED);
        events.expect("x", STARTED_BOOTED);
        events.expect("x", SUSPENDED_PAUSED);
        events.expect("t", STARTED_BOOTED);
        events.expect("t", SUSPENDED_PAUSED);
    }

    @Test
    void cpuTimeGrowsOnlyWhileRunning() throws Exception {
        Domain x = conn.defineDomain(domain("x", UUID_X));
        x.start(StartFlag.PAUSED);
        long paused = x.info().cpuTimeNanos();
        Thread.sleep(20);
        assertThat(x.info().cpuTimeNanos()).isEqualTo(paused);
        x.resume();
        Thread.sleep(20);
        assertThat(x.info().cpuTimeNanos()).isGreaterThan(paused);
        x.destroy();
        assertThat(x.info().cpuTimeNanos()).isZero();
    }

    @Test
    void transientDomainsVanishWhenStopped() throws Exception {
        Domain t = conn.createDomain(domain("t", null));
        assertThat(t.isPersistent()).isFalse();
        assertThat(t.state().toString()).isEqualTo("running (booted)");
        assertThat(t.id()).isEqualTo(2);
        assertVirtError(() -> t.setAutostart(true), ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                "Requested operation is not valid: cannot set autostart for transient domain");
        assertVirtError(t::undefine, ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                "Requested operation is not valid: cannot undefine transient domain");
        assertThat(t.xml(XmlFlag.INACTIVE)).doesNotContain("id=");
        t.shutdown();
        assertVirtError(t::state, ErrorCode.NO_DOMAIN, ErrorDomain.TEST,
                "Domain not found: no domain with matching uuid '" + t.uuid() + "' (t)");
        assertVirtError(() -> conn.lookupDomainByName("t"), ErrorCode.NO_DOMAIN, ErrorDomain.TEST,
                "Domain not found: no domain with matching name 't'");
        Domain u = conn.createDomain(domain("u", null));
        u.destroy();
        assertThat(names()).containsExactly("test");
        events.expect("t", STARTED_BOOTED);
        events.expect("t", STOPPED_SHUTDOWN);
        events.expect("u", STARTED_BOOTED);
        events.expect("u", STOPPED_DESTROYED);
        events.expectNone();
    }

    @Test
    void createOfARunningDomainFails() throws Exception {
        assertVirtError(() -> conn.createDomain(DefaultTestHost.DOMAIN_XML), ErrorCode.OPERATION_INVALID,
                ErrorDomain.DOMAIN, "Requested operation is not valid: domain 'test' is already active");
    }

    @Test
    void createOfADefinedDomainRunsTheGivenConfigOnce() throws Exception {
        Domain x = conn.defineDomain(domain("x", UUID_X));
        conn.createDomain(Xml.domain("test", "x", UUID_X, 4096));
        assertThat(x.isPersistent()).isTrue();
        assertThat(x.info().maxMemoryKiB()).isEqualTo(4096);
        assertThat(x.xml(XmlFlag.INACTIVE)).contains("1024</memory>");
        x.destroy();
        assertThat(x.info().maxMemoryKiB()).isEqualTo(1024);
        assertThat(names()).containsExactly("test", "x");
    }

    @Test
    void undefineInactiveRemovesAndRunningBecomesTransient() throws Exception {
        Domain x = conn.defineDomain(domain("x", UUID_X));
        x.undefine();
        assertThat(names()).containsExactly("test");
        assertVirtError(x::isActive, ErrorCode.NO_DOMAIN, ErrorDomain.TEST,
                "Domain not found: no domain with matching uuid '" + UUID_X + "' (x)");

        Domain test = conn.lookupDomainByName("test");
        test.undefine();
        assertThat(test.isPersistent()).isFalse();
        assertThat(test.isActive()).isTrue();
        assertThat(names(DomainListFlag.TRANSIENT)).containsExactly("test");
        test.destroy();
        assertThat(names()).isEmpty();
        events.expect("x", DEFINED_ADDED);
        events.expect("x", UNDEFINED_REMOVED);
        events.expect("test", UNDEFINED_REMOVED);
        events.expect("test", STOPPED_DESTROYED);
        events.expectNone();
    }

    @Test
    void autostart() throws Exception {
        Domain x = conn.defineDomain(domain("x", UUID_X));
        assertThat(x.autostart()).isFalse();
        x.setAutostart(true);
        assertThat(x.autostart()).isTrue();
        assertThat(names(DomainListFlag.AUTOSTART)).containsExactly("x");
        assertThat(names(DomainListFlag.NO_AUTOSTART)).containsExactly("test");
        x.setAutostart(false);
        assertThat(x.autostart()).isFalse();
    }

    // ---- lookups and lists --------------------------------------------------------------------

    @Test
    void lookups() {
        Domain byName = conn.lookupDomainByName("test");
        assertThat(conn.lookupDomainById(1)).isEqualTo(byName);
        assertThat(conn.lookupDomainByUuid(byName.uuid())).isEqualTo(byName);
        UUID missing = UUID.fromString("6695eb01-f6a4-8304-79aa-97f2502e193e");
        assertVirtError(() -> conn.lookupDomainByUuid(missing), ErrorCode.NO_DOMAIN, ErrorDomain.TEST,
                "Domain not found: no domain with matching uuid '" + missing + "'");
        assertVirtError(() -> conn.lookupDomainById(5), ErrorCode.NO_DOMAIN, ErrorDomain.TEST,
                "Domain not found: no domain with matching id 5");
        conn.defineDomain(domain("x", UUID_X));
        assertVirtError(() -> conn.lookupDomainById(-1), ErrorCode.NO_DOMAIN, ErrorDomain.TEST,
                "Domain not found: no domain with matching id -1");
    }

    @Test
    void listFilters() {
        conn.defineDomain(domain("off", UUID_X));
        Domain paused = conn.createDomain(domain("paused", null), StartFlag.PAUSED);
        assertThat(paused.isActive()).isTrue();
        assertThat(names()).containsExactly("test", "off", "paused");
        assertThat(names(DomainListFlag.ACTIVE)).containsExactly("test", "paused");
        assertThat(names(DomainListFlag.INACTIVE)).containsExactly("off");
        assertThat(names(DomainListFlag.PERSISTENT)).containsExactly("test", "off");
        assertThat(names(DomainListFlag.TRANSIENT)).containsExactly("paused");
        assertThat(names(DomainListFlag.RUNNING)).containsExactly("test");
        assertThat(names(DomainListFlag.PAUSED)).containsExactly("paused");
        assertThat(names(DomainListFlag.SHUTOFF)).containsExactly("off");
        assertThat(names(DomainListFlag.OTHER)).isEmpty();
        assertThat(names(DomainListFlag.ACTIVE, DomainListFlag.PERSISTENT)).containsExactly("test");
        assertThat(names(DomainListFlag.RUNNING, DomainListFlag.SHUTOFF)).containsExactly("test", "off");
    }

    // ---- handles, connections and events ---------------------------------------------------

    @Test
    void defaultStateIsSharedAndEventsReachEveryConnectionWithItsOwnHandles() throws Exception {
        Connection other = Open.connection(driver, "test:///default");
        Events otherEvents = new Events(other);
        Domain x = conn.defineDomain(domain("x", UUID_X));
        Domain seen = other.lookupDomainByName("x");
        seen.start();
        assertThat(x.isActive()).isTrue();
        assertThat(x.id()).isEqualTo(seen.id());

        DomainEvent mine = events.expect("x", DEFINED_ADDED);
        assertThat(mine.domain().connection()).isSameAs(conn);
        events.expect("x", STARTED_BOOTED);
        DomainEvent theirs = otherEvents.expect("x", DEFINED_ADDED);
        assertThat(theirs.domain().connection()).isSameAs(other);
        otherEvents.expect("x", STARTED_BOOTED);

        // a second driver instance has its own default state
        TestDriver second = new TestDriver();
        try {
            Connection elsewhere = Open.connection(second, "test:///default");
            assertThat(elsewhere.listAllDomains()).extracting(Domain::name).containsExactly("test");
        } finally {
            second.close();
        }
    }

    @Test
    void closedRegistrationStopsDelivery() throws Exception {
        events.registration.close();
        Events still = new Events(conn);
        conn.defineDomain(domain("x", UUID_X));
        still.expect("x", DEFINED_ADDED);
        events.expectNone();
    }

    @Test
    void listenersMayCallBackIntoTheDriver() throws Exception {
        java.util.concurrent.BlockingQueue<String> states = new java.util.concurrent.LinkedBlockingQueue<>();
        conn.addDomainEventListener(e -> states.add(e.detail() + " " + e.domain().state()));
        Domain x = conn.defineDomain(domain("x", UUID_X));
        x.start();
        assertThat(states.poll(5, java.util.concurrent.TimeUnit.SECONDS)).startsWith("DEFINED_ADDED");
        assertThat(states.poll(5, java.util.concurrent.TimeUnit.SECONDS)).startsWith("STARTED_BOOTED running");
    }

    @Test
    void autodestroyDomainsDieWithTheirConnection() throws Exception {
        Connection starter = Open.connection(driver, "test:///default");
        Domain x = conn.defineDomain(domain("x", UUID_X));
        starter.lookupDomainByName("x").start(StartFlag.AUTODESTROY);
        Domain t = starter.createDomain(domain("t", null), StartFlag.AUTODESTROY);
        Domain plain = starter.createDomain(domain("plain", null));
        assertThat(t.isActive()).isTrue();
        starter.close();
        assertThat(x.state().toString()).isEqualTo("shut off (destroyed)");
        assertThat(names()).containsExactly("test", "x", "plain");
        assertThat(conn.lookupDomainByName("plain").isActive()).isTrue();
        events.expect("x", DEFINED_ADDED);
        events.expect("x", STARTED_BOOTED);
        events.expect("t", STARTED_BOOTED);
        events.expect("plain", STARTED_BOOTED);
        DomainEvent first = events.next();
        DomainEvent second = events.next();
        assertThat(List.of(first.domain().name() + " " + first.detail(), second.domain().name() + " " + second.detail()))
                .containsExactlyInAnyOrder("x STOPPED_DESTROYED", "t STOPPED_DESTROYED");
        assertThat(plain).isNotNull();
    }

    @Test
    void closedConnectionFailsWithInvalidConn() throws Exception {
        Domain test = conn.lookupDomainByName("test");
        conn.close();
        conn.close(); // harmless twice
        assertThat(conn.isAlive()).isFalse();
        assertVirtError(conn::type, ErrorCode.INVALID_CONN, ErrorDomain.NONE,
                "invalid connection pointer in virConnectGetType");
        assertVirtError(() -> conn.listAllDomains(), ErrorCode.INVALID_CONN, ErrorDomain.NONE,
                "invalid connection pointer in virConnectListAllDomains");
        assertVirtError(() -> conn.defineDomain(domain("x", UUID_X)), ErrorCode.INVALID_CONN, ErrorDomain.NONE,
                "invalid connection pointer in virDomainDefineXML");
        assertVirtError(test::destroy, ErrorCode.INVALID_CONN, ErrorDomain.NONE,
                "invalid connection pointer in virDomainDestroy");
        assertVirtError(() -> conn.addDomainEventListener(e -> { }), ErrorCode.INVALID_CONN, ErrorDomain.NONE,
                "invalid connection pointer in virConnectDomainEventRegisterAny");
        // the state itself lives on for other connections
        Connection again = Open.connection(driver, "test:///default");
        assertThat(again.lookupDomainByName("test").isActive()).isTrue();
    }

    @Test
    void closingTheDriverClosesItsConnections() throws Exception {
        Connection other = Open.connection(driver, "test:///default");
        assertThat(driver.connections()).hasSize(2);
        Open.driverGone(driver);
        assertThat(conn.isAlive()).isFalse();
        assertThat(other.isAlive()).isFalse();
        assertThat(driver.connections()).isEmpty();
        assertVirtError(other::nodeInfo, ErrorCode.INVALID_CONN, ErrorDomain.NONE,
                "invalid connection pointer in virNodeGetInfo");
        assertThat(Open.subDriver(driver, "test:///default")).isEmpty();
    }
}
