package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.Connection;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.NetworkDhcpLease;
import io.virtkit.api.VirtException;

/** The dispatcher without a socket: calls in, replies, remote_error bodies and event messages out. */
class RemoteSessionTest {
    private static final UUID TEST_UUID = UUID.fromString("6695eb01-f6a4-8304-79aa-97f2502e193f");
    private static final UUID DEFAULT_NET_UUID = UUID.fromString("dd8fe884-6c02-601e-7551-cca97df1c5df");
    private static final String EXTRA_XML = """
            <domain type='test'>
              <name>extra</name>
              <memory>1048576</memory>
              <vcpu>3</vcpu>
              <os><type>hvm</type></os>
            </domain>
            """;
    private static final String NET_XML = """
            <network>
              <name>extra</name>
              <bridge name='virbr9'/>
              <ip address='192.168.150.1' netmask='255.255.255.0'/>
            </network>
            """;

    private final TestDriverFactory factory = new TestDriverFactory();
    private final BlockingQueue<Packet> messages = new LinkedBlockingQueue<>();
    private final RemoteSession session = new RemoteSession(factory, false, messages::add);
    private final List<RemoteSession> others = new ArrayList<>();
    private int serial;

    @AfterEach
    void close() {
        session.close();
        others.forEach(RemoteSession::close);
        assertThat(factory.opened).noneMatch(Connection::isAlive);
    }

    private Packet call(int proc, Consumer<XdrWriter> args) {
        return call(session, proc, args);
    }

    private Packet call(RemoteSession s, int proc, Consumer<XdrWriter> args) {
        return SessionCalls.call(s, ++serial, proc, args);
    }

    /** A successful call's reply body, ready to read. */
    private XdrReader ok(int proc, Consumer<XdrWriter> args) {
        return ok(session, proc, args);
    }

    private XdrReader ok(RemoteSession s, int proc, Consumer<XdrWriter> args) {
        return SessionCalls.ok(s, ++serial, proc, args);
    }

    private void open() {
        open(session, 0);
    }

    private void open(RemoteSession s, int flags) {
        ok(s, 1, w -> w.writeOptionalString("test+unix:///default").writeInt(flags));
    }

    private static void assertError(Packet reply, int code, int domain, String message) {
        SessionCalls.assertError(reply, code, domain, message);
    }

    private static Consumer<XdrWriter> domain(String name, UUID uuid) {
        return w -> {
            w.writeString(name);
            RemoteTypes.writeUuid(w, uuid);
            w.writeInt(-1);
        };
    }

    private static Consumer<XdrWriter> network(String name, UUID uuid) {
        return w -> {
            w.writeString(name);
            RemoteTypes.writeUuid(w, uuid);
        };
    }

    private UUID define(String xml) {
        XdrReader r = ok(11, w -> w.writeString(xml));
        r.readString(100);
        return RemoteTypes.readUuid(r);
    }

    /** Reads {@code remote_nonnull_domain}'s name, skipping uuid and id. */
    private static String domainName(XdrReader r) {
        String name = r.readString(100);
        r.readFixedOpaque(16);
        r.readInt();
        return name;
    }

    private Packet nextMessage() throws InterruptedException {
        Packet p = messages.poll(30, TimeUnit.SECONDS);
        assertThat(p).as("an event message").isNotNull();
        assertThat(p.header().type()).isEqualTo(Header.MESSAGE);
        assertThat(p.header().program()).isEqualTo(RemoteSession.REMOTE_PROGRAM);
        assertThat(p.header().version()).isEqualTo(1);
        assertThat(p.header().serial()).isZero();
        assertThat(p.header().status()).isEqualTo(Header.OK);
        return p;
    }

    // ---- session basics ---------------------------------------------------------------------------

    @Test
    void authListOffersNone() {
        Packet r = call(66, w -> { });
        assertThat(new XdrReader(r.body()).readArray(20, XdrReader::readInt)).containsExactly(0);
    }

    @Test
    void opensTheUriWithoutTransportAndAnswersQueries() {
        open();
        assertThat(ok(3, w -> { }).readString(100)).isEqualTo("TEST");
        assertThat(ok(110, w -> { }).readString(100)).isEqualTo("test:///default");
        XdrReader list = ok(273, w -> w.writeInt(1).writeInt(0));
        assertThat(list.readInt()).isEqualTo(1);
        assertThat(list.readString(100)).isEqualTo("test");
        list.readFixedOpaque(16);
        assertThat(list.readInt()).isEqualTo(1);
        assertThat(list.readUnsigned()).isEqualTo(1);
    }

    @Test
    void announcesEventCallbacksButNoOtherFeature() {
        open();
        assertThat(ok(60, w -> w.writeInt(RemoteSession.FEATURE_REMOTE_EVENT_CALLBACK)).readInt()).isEqualTo(1);
        assertThat(ok(60, w -> w.writeInt(15)).readInt()).as("close callback").isZero();
        assertThat(ok(60, w -> w.writeInt(10)).readInt()).as("keepalive").isEqualTo(1);
    }

    @Test
    void apiErrorsTravelWithTheirCodeDomainAndMessage() {
        open();
        String expected;
        try (Connection c = factory.open("test:///default")) {
            VirtException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                    () -> c.lookupDomainByName("nosuch"), VirtException.class);
            assertThat(e.code()).isEqualTo(ErrorCode.NO_DOMAIN);
            expected = e.getMessage();
            assertError(call(23, w -> w.writeString("nosuch")), e.code().number(), e.domain().number(), expected);
        }
        assertThat(expected).contains("nosuch");
    }

    @Test
    void unknownProcedureIsNoSupport() {
        open();
        assertError(call(9999, w -> { }), 3, ErrorDomain.REMOTE.number(),
                "this function is not supported by the connection driver: remote procedure 9999");
    }

    @Test
    void callsBeforeOpenAndBadArgumentsAreErrorsNotCrashes() {
        assertError(call(3, w -> { }), ErrorCode.INTERNAL_ERROR.number(), ErrorDomain.RPC.number(),
                "internal error: connection not open");
        open();
        Packet bad = call(23, w -> w.writeInt(1000));
        assertThat(bad.header().status()).isEqualTo(Header.ERROR);
        assertThat(new XdrReader(bad.body()).readInt()).isEqualTo(ErrorCode.RPC.number());
        Packet flags = call(212, w -> w.writeString("test").writeFixedOpaque(new byte[16], 16).writeInt(1).writeInt(0x40));
        assertThat(flags.header().status()).isEqualTo(Header.ERROR);
    }

    @Test
    void keepalivePingGetsPong() {
        Packet pong = session.handle(new Packet(
                new Header(RemoteSession.KEEPALIVE_PROGRAM, 1, RemoteSession.KEEPALIVE_PING, Header.MESSAGE, 0, Header.OK),
                new byte[0]));
        assertThat(pong.header().procedure()).isEqualTo(RemoteSession.KEEPALIVE_PONG);
        assertThat(pong.header().type()).isEqualTo(Header.MESSAGE);
    }

    @Test
    void stripsTheTransport() {
        assertThat(RemoteSession.stripTransport("test+unix:///default?socket=/x")).isEqualTo("test:///default?socket=/x");
        assertThat(RemoteSession.stripTransport("qemu:///system")).isEqualTo("qemu:///system");
        assertThatThrownBy(() -> factory.open("nosuch:///x")).isInstanceOf(VirtException.class);
    }

    @Test
    void everyProcedureNumberIsLibvirtsAndUnique() {
        assertThat(Procedure.of(6)).isEqualTo(Procedure.NODE_GET_INFO);
        assertThat(Procedure.of(316)).isEqualTo(Procedure.CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY);
        assertThat(Procedure.of(432)).isEqualTo(Procedure.NETWORK_DEFINE_XML_FLAGS);
        assertThat(Procedure.of(437)).isEqualTo(Procedure.NETWORK_CREATE_XML_FLAGS);
        assertThat(Procedure.of(Procedure.DOMAIN_EVENT_CALLBACK_LIFECYCLE)).as("messages are never called").isNull();
        for (Procedure p : Procedure.values()) {
            assertThat(p.group() == Procedure.Group.SESSION || p.function() != null).as(p.name()).isTrue();
        }
    }

    // ---- host ---------------------------------------------------------------------------------------

    @Test
    void nodeInfoHasTheFixedModelOfThirtyTwoXdrChars() {
        open();
        XdrReader r = ok(6, w -> { });
        StringBuilder model = new StringBuilder();
        for (int i = 0; i < 32; i++) {
            int c = r.readInt();
            if (c != 0) {
                model.append((char) c);
            }
        }
        assertThat(model).hasToString("i686");
        assertThat(r.readHyper()).isEqualTo(3145728);
        assertThat(List.of(r.readInt(), r.readInt(), r.readInt(), r.readInt(), r.readInt(), r.readInt()))
                .containsExactly(16, 1400, 2, 2, 2, 2);
        assertThat(r.remaining()).isZero();
    }

    @Test
    void hostQueriesWithoutApiAreNoSupportNamingTheFunction() {
        open();
        assertError(call(203, w -> w.writeInt(0)), 3, 0,
                "this function is not supported by the connection driver: virConnectGetSysinfo");
        assertError(call(5, w -> w.writeOptionalString(null)), 3, 0,
                "this function is not supported by the connection driver: virConnectGetMaxVcpus");
        XdrReader model = ok(122, w -> { });
        assertThat(model.readInt()).as("empty security model").isZero();
        assertThat(model.readInt()).as("empty DOI").isZero();
        assertThat(ok(149, w -> { }).readInt()).isEqualTo(1);
        assertThat(ok(7, w -> { }).readString(1 << 20)).contains("<capabilities>");
    }

    // ---- domains ------------------------------------------------------------------------------------

    @Test
    void createsTransientDomainsAndListsTheOldWay() {
        open();
        XdrReader created = ok(10, w -> w.writeString(EXTRA_XML).writeInt(0));
        assertThat(created.readString(100)).isEqualTo("extra");
        UUID uuid = RemoteTypes.readUuid(created);
        int id = created.readInt();
        assertThat(id).isPositive();
        assertThat(ok(151, domain("extra", uuid)).readInt()).as("persistent").isZero();
        assertThat(ok(51, w -> { }).readInt()).as("active domains").isEqualTo(2);
        assertThat(ok(37, w -> w.writeInt(10)).readArray(10, XdrReader::readInt)).containsExactlyInAnyOrder(1, id);
        assertThat(ok(37, w -> w.writeInt(1)).readArray(10, XdrReader::readInt)).hasSize(1);
        assertThat(ok(25, w -> { }).readInt()).as("inactive domains").isZero();
        assertThat(ok(17, domain("extra", uuid)).readHyper()).isEqualTo(1048576);
        assertThat(ok(18, domain("extra", uuid)).readInt()).isEqualTo(3);
        assertThat(ok(200, w -> domain("extra", uuid).andThen(x -> x.writeInt(0)).accept(w)).readInt()).isEqualTo(3);
        assertError(call(10, w -> w.writeString(EXTRA_XML.replace("extra", "other")).writeInt(0x10)),
                8, ErrorDomain.DOMAIN.number(), "unsupported flags (0x10) in function virDomainCreateXML");

        ok(12, domain("extra", uuid)); // destroy: a transient domain vanishes
        Packet gone = call(24, w -> RemoteTypes.writeUuid(w, uuid));
        assertThat(gone.header().status()).isEqualTo(Header.ERROR);
        assertThat(new XdrReader(gone.body()).readInt()).isEqualTo(ErrorCode.NO_DOMAIN.number());
    }

    @Test
    void definedDomainsListByNameAndReportTheirConfigVcpus() {
        open();
        UUID uuid = define(EXTRA_XML);
        assertThat(ok(25, w -> { }).readInt()).isEqualTo(1);
        assertThat(ok(21, w -> w.writeInt(5)).readArray(5, x -> x.readString(100))).containsExactly("extra");
        assertThat(ok(200, w -> domain("extra", uuid).andThen(x -> x.writeInt(io.virtkit.api.VcpuFlag.CONFIG.bit())).accept(w))
                .readInt()).isEqualTo(3);
        assertError(call(200, w -> domain("extra", uuid).andThen(x -> x.writeInt(io.virtkit.api.VcpuFlag.LIVE.bit())).accept(w)),
                ErrorCode.OPERATION_INVALID.number(), ErrorDomain.DOMAIN.number(),
                "Requested operation is not valid: domain is not running");
        assertError(call(21, w -> w.writeInt(-1)), ErrorCode.INVALID_ARG.number(), ErrorDomain.RPC.number(),
                "invalid argument: maxnames must not be negative");
    }

    @Test
    void destroyAndShutdownRefuseFlagsTheyCannotHonour() {
        open();
        assertError(call(234, w -> domain("test", TEST_UUID).andThen(x -> x.writeInt(1)).accept(w)),
                8, ErrorDomain.DOMAIN.number(), "unsupported flags (0x1) in function virDomainDestroyFlags");
        assertError(call(258, w -> domain("test", TEST_UUID).andThen(x -> x.writeInt(2)).accept(w)),
                8, ErrorDomain.DOMAIN.number(), "unsupported flags (0x2) in function virDomainShutdownFlags");
        assertThat(ok(150, domain("test", TEST_UUID)).readInt()).as("still running").isEqualTo(1);
        ok(258, w -> domain("test", TEST_UUID).andThen(x -> x.writeInt(0)).accept(w));
        XdrReader state = ok(212, w -> domain("test", TEST_UUID).andThen(x -> x.writeInt(0)).accept(w));
        assertThat(state.readInt()).as("shut off").isEqualTo(5);
        assertThat(state.readInt()).as("reason shutdown").isEqualTo(1);
    }

    @Test
    void undefineTakesTheFlagsVirtkitCanHonourAndRefusesTheRest() {
        open();
        UUID uuid = define(EXTRA_XML);
        Consumer<XdrWriter> extra = domain("extra", uuid);
        assertError(call(231, w -> extra.andThen(x -> x.writeInt(1 << 10)).accept(w)),
                8, ErrorDomain.DOMAIN.number(), "unsupported flags (0x400) in function virDomainUndefineFlags");
        assertError(call(231, w -> extra.andThen(x -> x.writeInt(DomainProcedures.UNDEFINE_NVRAM
                | DomainProcedures.UNDEFINE_KEEP_NVRAM)).accept(w)), 8, ErrorDomain.DOMAIN.number(),
                "invalid argument: Flags 'VIR_DOMAIN_UNDEFINE_NVRAM' and 'VIR_DOMAIN_UNDEFINE_KEEP_NVRAM' are mutually exclusive");
        assertThat(ok(25, w -> { }).readInt()).as("refused calls left it defined").isEqualTo(1);
        ok(231, w -> extra.andThen(x -> x.writeInt(DomainProcedures.UNDEFINE_NVRAM
                | DomainProcedures.UNDEFINE_MANAGED_SAVE | DomainProcedures.UNDEFINE_SNAPSHOTS_METADATA)).accept(w));
        assertThat(ok(25, w -> { }).readInt()).isZero();
    }

    // ---- networks -----------------------------------------------------------------------------------

    @Test
    void networksDefineStartListAndGoAway() {
        open();
        XdrReader all = ok(283, w -> w.writeInt(1).writeInt(0));
        assertThat(all.readInt()).isEqualTo(1);
        assertThat(all.readString(100)).isEqualTo("default");
        assertThat(RemoteTypes.readUuid(all)).isEqualTo(DEFAULT_NET_UUID);
        assertThat(all.readUnsigned()).isEqualTo(1);

        XdrReader defined = ok(41, w -> w.writeString(NET_XML));
        assertThat(defined.readString(100)).isEqualTo("extra");
        UUID uuid = RemoteTypes.readUuid(defined);
        Consumer<XdrWriter> extra = network("extra", uuid);
        assertThat(ok(152, extra).readInt()).as("active").isZero();
        assertThat(ok(50, w -> { }).readInt()).isEqualTo(1);
        assertThat(ok(36, w -> w.writeInt(5)).readArray(5, r -> r.readString(100))).containsExactly("extra");
        XdrReader inactiveOnly = ok(283, w -> w.writeInt(0).writeInt(1)); // INACTIVE, count only
        assertThat(inactiveOnly.readInt()).isZero();
        assertThat(inactiveOnly.readUnsigned()).isEqualTo(1);

        ok(39, extra); // start
        assertThat(ok(152, extra).readInt()).isEqualTo(1);
        assertThat(ok(153, extra).readInt()).isEqualTo(1);
        assertThat(ok(52, w -> { }).readInt()).isEqualTo(2);
        assertThat(ok(38, w -> w.writeInt(5)).readArray(5, r -> r.readString(100))).containsExactlyInAnyOrder("default", "extra");
        assertThat(ok(45, extra).readString(100)).isEqualTo("virbr9");
        assertThat(ok(43, w -> extra.andThen(x -> x.writeInt(NetworkProcedures.XML_INACTIVE)).accept(w)).readString(1 << 20))
                .contains("<name>extra</name>");
        XdrReader leases = ok(341, w -> extra.andThen(x -> x.writeOptionalString(null).writeInt(1).writeInt(0)).accept(w));
        assertThat(leases.readInt()).isZero();
        assertThat(leases.readUnsigned()).isZero();
        assertThat(ok(46, w -> w.writeString("extra")).readString(100)).isEqualTo("extra");

        ok(42, extra); // destroy
        ok(49, extra); // undefine
        Packet gone = call(47, w -> RemoteTypes.writeUuid(w, uuid));
        assertThat(gone.header().status()).isEqualTo(Header.ERROR);
        assertThat(new XdrReader(gone.body()).readInt()).isEqualTo(ErrorCode.NO_NETWORK.number());
    }

    @Test
    void networkFlagsAreCheckedAndTransientNetworksCreated() {
        open();
        assertError(call(432, w -> w.writeString(NET_XML).writeInt(1)), 8, ErrorDomain.NETWORK.number(),
                "unsupported flags (0x1) in function virNetworkDefineXMLFlags");
        assertError(call(283, w -> w.writeInt(1).writeInt(1 << 8)), 8, ErrorDomain.NETWORK.number(),
                "unsupported flags (0x100) in function virConnectListAllNetworks");
        XdrReader created = ok(437, w -> w.writeString(NET_XML).writeInt(0));
        assertThat(created.readString(100)).isEqualTo("extra");
        UUID uuid = RemoteTypes.readUuid(created);
        assertThat(ok(153, network("extra", uuid)).readInt()).as("persistent").isZero();
        assertThat(ok(152, network("extra", uuid)).readInt()).as("active").isEqualTo(1);
    }

    @Test
    void dhcpLeasesHaveLibvirtsLayout() {
        XdrWriter w = new XdrWriter();
        NetworkProcedures.writeLease(w, new NetworkDhcpLease("virbr9", Instant.ofEpochSecond(1700000000),
                "52:54:00:aa:bb:cc", "192.168.150.7", 24, "guest", null));
        NetworkProcedures.writeLease(w, new NetworkDhcpLease("virbr9", Instant.ofEpochSecond(5), null,
                "fd00::7", 64, null, "00:01:02"));
        XdrReader r = new XdrReader(w.toByteArray());
        assertThat(r.readString(100)).isEqualTo("virbr9");
        assertThat(r.readHyper()).isEqualTo(1700000000L);
        assertThat(r.readInt()).as("IPv4").isZero();
        assertThat(r.readOptionalString(100)).isEqualTo("52:54:00:aa:bb:cc");
        assertThat(r.readOptionalString(100)).as("iaid").isNull();
        assertThat(r.readString(100)).isEqualTo("192.168.150.7");
        assertThat(r.readUnsigned()).isEqualTo(24);
        assertThat(r.readOptionalString(100)).isEqualTo("guest");
        assertThat(r.readOptionalString(100)).isNull();
        assertThat(r.readString(100)).isEqualTo("virbr9");
        assertThat(r.readHyper()).isEqualTo(5);
        assertThat(r.readInt()).as("IPv6").isEqualTo(1);
        assertThat(r.readOptionalString(100)).isNull();
        assertThat(r.readOptionalString(100)).isNull();
        assertThat(r.readString(100)).isEqualTo("fd00::7");
        assertThat(r.readUnsigned()).isEqualTo(64);
        assertThat(r.readOptionalString(100)).isNull();
        assertThat(r.readOptionalString(100)).isEqualTo("00:01:02");
        assertThat(r.remaining()).isZero();
    }

    // ---- read-only ------------------------------------------------------------------------------------

    @Test
    void readOnlySessionRefusesChangesBeforeTheyRunButReads() {
        RemoteSession ro = new RemoteSession(factory, true, p -> { });
        others.add(ro);
        open(ro, 0);
        assertThat(ro.readOnly()).isTrue();
        assertError(call(ro, 11, w -> w.writeString(EXTRA_XML)), ErrorCode.OPERATION_DENIED.number(),
                ErrorDomain.DOMAIN.number(), "operation forbidden: read only access prevents virDomainDefineXML");
        assertError(call(ro, 12, domain("test", TEST_UUID)), 29, ErrorDomain.DOMAIN.number(),
                "operation forbidden: read only access prevents virDomainDestroy");
        assertError(call(ro, 42, network("default", DEFAULT_NET_UUID)), 29, ErrorDomain.NETWORK.number(),
                "operation forbidden: read only access prevents virNetworkDestroy");
        // garbage arguments: refused for access before they are even decoded
        assertError(call(ro, 41, w -> w.writeInt(-5)), 29, ErrorDomain.NETWORK.number(),
                "operation forbidden: read only access prevents virNetworkDefineXML");
        assertError(call(ro, 14, w -> domain("test", TEST_UUID).andThen(x -> x.writeInt(1)).accept(w)), 29,
                ErrorDomain.DOMAIN.number(), "operation forbidden: virDomainGetXMLDesc with secure flag");
        // domain capabilities run emulators: libvirt refuses them to read-only clients, from its domain API
        assertError(call(ro, 342, w -> w.writeInt(0).writeInt(0).writeInt(0).writeInt(0).writeInt(0)), 29,
                ErrorDomain.DOMAIN.number(), "operation forbidden: read only access prevents "
                        + "virConnectGetDomainCapabilities");

        assertThat(ok(ro, 14, w -> domain("test", TEST_UUID).andThen(x -> x.writeInt(0)).accept(w)).readString(1 << 20))
                .contains("<name>test</name>");
        assertThat(ok(ro, 150, domain("test", TEST_UUID)).readInt()).as("destroy did not run").isEqualTo(1);
        assertThat(ok(ro, 152, network("default", DEFAULT_NET_UUID)).readInt()).isEqualTo(1);
        assertThat(ok(ro, 316, w -> w.writeInt(0).writeBool(false)).readInt()).as("events may be watched").isPositive();
        open();
        assertThat(ok(25, w -> { }).readInt()).as("nothing was defined").isZero();
    }

    @Test
    void clientOpeningReadOnlyStaysReadOnly() {
        RemoteSession ro = new RemoteSession(factory, false, p -> { });
        others.add(ro);
        assertThat(ro.readOnly()).isFalse();
        open(ro, RemoteSession.CONNECT_RO);
        assertThat(ro.readOnly()).isTrue();
        assertError(call(ro, 34, domain("test", TEST_UUID)), 29, ErrorDomain.DOMAIN.number(),
                "operation forbidden: read only access prevents virDomainSuspend");
    }

    // ---- events -----------------------------------------------------------------------------------------

    @Test
    void callbackEventsArriveAfterRegistrationAndStopAfterDeregistration() throws Exception {
        open();
        int cb = ok(316, w -> w.writeInt(0).writeBool(false)).readInt();
        UUID uuid = define(EXTRA_XML);
        ok(9, domain("extra", uuid)); // start

        Packet definedMsg = nextMessage();
        assertThat(definedMsg.header().procedure()).isEqualTo(318);
        XdrReader defined = new XdrReader(definedMsg.body());
        assertThat(defined.readInt()).isEqualTo(cb);
        assertThat(domainName(defined)).isEqualTo("extra");
        assertThat(defined.readInt()).as("DEFINED").isEqualTo(0);
        assertThat(defined.readInt()).as("ADDED").isEqualTo(0);

        XdrReader started = new XdrReader(nextMessage().body());
        assertThat(started.readInt()).isEqualTo(cb);
        assertThat(started.readString(100)).isEqualTo("extra");
        assertThat(RemoteTypes.readUuid(started)).isEqualTo(uuid);
        assertThat(started.readInt()).as("id of the running domain").isPositive();
        assertThat(started.readInt()).as("STARTED").isEqualTo(2);
        assertThat(started.readInt()).as("BOOTED").isEqualTo(0);
        assertThat(started.remaining()).isZero();

        ok(317, w -> w.writeInt(cb));
        assertThat(session.eventRegistrations()).isZero();
        assertError(call(317, w -> w.writeInt(cb)), 1, ErrorDomain.RPC.number(),
                "internal error: domain event callback " + cb + " not registered");
    }

    @Test
    void callbackFilteredOnADomainGetsOnlyThatDomainsEvents() throws Exception {
        open();
        int onlyTest = ok(316, w -> domain("test", TEST_UUID).accept(w.writeInt(0).writeBool(true))).readInt();
        int all = ok(316, w -> w.writeInt(0).writeBool(false)).readInt();
        define(EXTRA_XML);
        ok(34, domain("test", TEST_UUID)); // suspend

        List<String> seen = new ArrayList<>();
        while (!seen.contains(onlyTest + " test") || !seen.contains(all + " test")) {
            XdrReader m = new XdrReader(nextMessage().body());
            seen.add(m.readInt() + " " + domainName(m));
        }
        // per callback, events arrive in order: had "extra" reached the filtered one, it would be here
        assertThat(seen).contains(all + " extra").doesNotContain(onlyTest + " extra");
    }

    @Test
    void oldStyleRegistrationSendsLifecycleMessagesWithoutCallbackId() throws Exception {
        open();
        ok(167, w -> w.writeInt(0));
        assertError(call(167, w -> w.writeInt(0)), 1, ErrorDomain.RPC.number(),
                "internal error: domain event 0 already registered");
        ok(34, domain("test", TEST_UUID));
        Packet msg = nextMessage();
        assertThat(msg.header().procedure()).isEqualTo(107);
        XdrReader r = new XdrReader(msg.body());
        assertThat(domainName(r)).isEqualTo("test");
        assertThat(r.readInt()).as("SUSPENDED").isEqualTo(3);
        assertThat(r.readInt()).as("PAUSED").isEqualTo(0);
        ok(168, w -> w.writeInt(0));
        assertError(call(168, w -> w.writeInt(0)), 1, ErrorDomain.RPC.number(),
                "internal error: domain event 0 not registered");
    }

    @Test
    void networkEventsArriveWithTheirCallbackId() throws Exception {
        open();
        int cb = ok(313, w -> w.writeInt(0).writeBool(false)).readInt();
        ok(41, w -> w.writeString(NET_XML));
        Packet msg = nextMessage();
        assertThat(msg.header().procedure()).isEqualTo(315);
        XdrReader r = new XdrReader(msg.body());
        assertThat(r.readInt()).isEqualTo(cb);
        assertThat(r.readString(100)).isEqualTo("extra");
        r.readFixedOpaque(16);
        assertThat(r.readInt()).as("DEFINED").isZero();
        assertThat(r.readInt()).as("no detail").isZero();
        ok(314, w -> w.writeInt(cb));
    }

    @Test
    void onlyLifecycleEventsAreOffered() {
        open();
        assertError(call(316, w -> w.writeInt(1).writeBool(false)), 1, ErrorDomain.RPC.number(),
                "internal error: unsupported event ID 1");
        assertError(call(167, w -> w.writeInt(99)), 1, ErrorDomain.RPC.number(),
                "internal error: unsupported event ID 99");
        assertError(call(313, w -> w.writeInt(1).writeBool(false)), 1, ErrorDomain.RPC.number(),
                "internal error: unsupported network event ID 1");
        Packet noSuchDomain = call(316, w -> domain("x", new UUID(1, 2)).accept(w.writeInt(0).writeBool(true)));
        assertThat(new XdrReader(noSuchDomain.body()).readInt()).isEqualTo(ErrorCode.NO_DOMAIN.number());
        assertThat(session.eventRegistrations()).isZero();
    }

    @Test
    void closeDeregistersEveryCallbackAndClosesTheConnection() throws Exception {
        open();
        ok(316, w -> w.writeInt(0).writeBool(false));
        ok(167, w -> w.writeInt(0));
        ok(313, w -> w.writeInt(0).writeBool(false));
        assertThat(session.eventRegistrations()).isEqualTo(3);
        session.close();
        assertThat(session.eventRegistrations()).isZero();
        assertThat(factory.opened).noneMatch(Connection::isAlive);
        // a state change after close reaches only a session still open
        BlockingQueue<Packet> otherMessages = new LinkedBlockingQueue<>();
        RemoteSession other = new RemoteSession(factory, false, otherMessages::add);
        others.add(other);
        open(other, 0);
        ok(other, 316, w -> w.writeInt(0).writeBool(false));
        ok(other, 34, domain("test", TEST_UUID));
        assertThat(otherMessages.poll(30, TimeUnit.SECONDS)).isNotNull();
        assertThat(messages).isEmpty();
    }
}
