package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.ConnectRequest;
import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainJobStats;
import io.virtkit.api.DomainJobType;
import io.virtkit.api.DriverInfo;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.MigrationParams;

/**
 * The migration and job procedures without a socket: their argument decoding (limits, libvirt's refusals), the
 * read-only check, the features announced, the destination address and the reply layouts. The driver behind is
 * {@link MigrationStandIn}'s host A.
 */
class MigrationProceduresTest {
    private static final int SUPPORTS_FEATURE = 60;
    private static final int GET_JOB_INFO = 163;
    private static final int ABORT_JOB = 164;
    private static final int GET_JOB_STATS = 298;
    private static final int BEGIN = 302;
    private static final int PREPARE = 303;
    private static final int PERFORM = 305;
    private static final int FINISH = 306;
    private static final int CONFIRM = 307;
    private static final String GUEST_XML = "<domain type='test'><name>mig1</name><memory>65536</memory>"
            + "<vcpu>1</vcpu><os><type>hvm</type></os></domain>";

    private final MigrationStandIn standIn = new MigrationStandIn();
    private RemoteSession session = new RemoteSession(standIn.a, false, p -> { });
    private int serial;

    @AfterEach
    void close() {
        session.close();
    }

    private Packet call(int proc, Consumer<XdrWriter> args) {
        return SessionCalls.call(session, ++serial, proc, args);
    }

    private XdrReader ok(int proc, Consumer<XdrWriter> args) {
        return SessionCalls.ok(session, ++serial, proc, args);
    }

    private static void assertError(Packet reply, ErrorCode code, ErrorDomain domain, String message) {
        SessionCalls.assertError(reply, code.number(), domain.number(), message);
    }

    private void open(int flags) {
        ok(1, w -> w.writeOptionalString("test+tcp:///default").writeInt(flags));
    }

    private UUID guest() {
        try (Connection c = standIn.a.direct()) {
            return c.createDomain(GUEST_XML).uuid();
        }
    }

    private static Consumer<XdrWriter> domain(UUID uuid) {
        return w -> {
            w.writeString("mig1");
            RemoteTypes.writeUuid(w, uuid);
            w.writeInt(-1);
        };
    }

    private static Consumer<XdrWriter> params(Map<String, ?> params) {
        return w -> TypedParams.write(w, params);
    }

    /** PREPARE3_PARAMS' arguments: params, cookie, flags. */
    private static Consumer<XdrWriter> prepareArgs(Map<String, ?> params) {
        return params(params).andThen(w -> w.writeOpaque("c".getBytes()).writeInt(1));
    }

    @Test
    void announcesTheMigrationFeaturesOnlyForAConnectionThatMigrates() {
        int[] migration = {4, 6, 7, 12, 13};
        for (int f : migration) {
            assertThat(ok(SUPPORTS_FEATURE, w -> w.writeInt(f)).readInt()).as("before open, feature %d", f).isZero();
        }
        open(0);
        for (int f : migration) {
            assertThat(ok(SUPPORTS_FEATURE, w -> w.writeInt(f)).readInt()).as("feature %d", f).isEqualTo(1);
        }
        assertThat(ok(SUPPORTS_FEATURE, w -> w.writeInt(5)).readInt()).as("MIGRATION_DIRECT").isZero();
        assertThat(ok(SUPPORTS_FEATURE, w -> w.writeInt(8)).readInt()).as("FD_PASSING").isZero();
        assertThat(ok(SUPPORTS_FEATURE, w -> w.writeInt(10)).readInt()).as("keepalive").isEqualTo(1);

        session.close();
        session = new RemoteSession(new TestDriverFactory(), false, p -> { });
        open(0);
        for (int f : migration) {
            assertThat(ok(SUPPORTS_FEATURE, w -> w.writeInt(f)).readInt()).as("test driver, feature %d", f).isZero();
        }
    }

    @Test
    void readOnlyClientsAreRefusedEveryStepAndAbortButReadJobs() {
        UUID uuid = guest();
        open(RemoteSession.CONNECT_RO);
        assertError(call(BEGIN, domain(uuid).andThen(params(Map.of())).andThen(w -> w.writeInt(0))),
                ErrorCode.OPERATION_DENIED, ErrorDomain.DOMAIN,
                "operation forbidden: read only access prevents virDomainMigrateBegin3Params");
        assertError(call(PREPARE, prepareArgs(Map.of())), ErrorCode.OPERATION_DENIED, ErrorDomain.DOMAIN,
                "operation forbidden: read only access prevents virDomainMigratePrepare3Params");
        assertError(call(PERFORM, w -> { }), ErrorCode.OPERATION_DENIED, ErrorDomain.DOMAIN,
                "operation forbidden: read only access prevents virDomainMigratePerform3Params");
        assertError(call(FINISH, w -> { }), ErrorCode.OPERATION_DENIED, ErrorDomain.DOMAIN,
                "operation forbidden: read only access prevents virDomainMigrateFinish3Params");
        assertError(call(CONFIRM, w -> { }), ErrorCode.OPERATION_DENIED, ErrorDomain.DOMAIN,
                "operation forbidden: read only access prevents virDomainMigrateConfirm3Params");
        assertError(call(ABORT_JOB, domain(uuid)), ErrorCode.OPERATION_DENIED, ErrorDomain.DOMAIN,
                "operation forbidden: read only access prevents virDomainAbortJob");
        assertThat(standIn.steps).isEmpty();
        assertThat(standIn.abortCalls.get()).isZero();

        XdrReader info = ok(GET_JOB_INFO, domain(uuid));
        assertThat(info.readInt()).as("type NONE").isZero();
        for (int i = 0; i < 11; i++) {
            assertThat(info.readHyper()).isZero();
        }
        assertThat(info.remaining()).isZero();
        XdrReader stats = ok(GET_JOB_STATS, domain(uuid).andThen(w -> w.writeInt(3)));
        assertThat(stats.readInt()).isZero();
        assertThat(TypedParams.read(stats, TypedParams.JOB_STATS_MAX)).isEmpty();
    }

    @Test
    void jobStatsRefuseFlagsLibvirtDoesNotHave() {
        UUID uuid = guest();
        open(0);
        assertError(call(GET_JOB_STATS, domain(uuid).andThen(w -> w.writeInt(4))), ErrorCode.INVALID_ARG,
                ErrorDomain.DOMAIN, "unsupported flags (0x4) in function virDomainGetJobStats");
    }

    @Test
    void jobStatsBeyondLibvirtsLimitAreRefusedNotSent() {
        session.close();
        Map<String, Object> many = new LinkedHashMap<>();
        for (int i = 0; i < 65; i++) {
            many.put("stat" + i, (long) i);
        }
        // a connection whose domains report 65 statistics
        session = new RemoteSession(new ConnectionFactory() {
            @Override
            public Connection open(ConnectRequest request) {
                return proxied(standIn.a.open(request), many);
            }

            @Override
            public List<DriverInfo> drivers() {
                return List.of();
            }
        }, false, p -> { });
        UUID uuid = guest();
        open(0);
        assertError(call(GET_JOB_STATS, domain(uuid).andThen(w -> w.writeInt(0))), ErrorCode.INTERNAL_ERROR,
                ErrorDomain.RPC, "internal error: Too many job stats '65' for limit '64'");
    }

    /** {@code real}, its domains answering job stats with {@code fields}. */
    private static Connection proxied(Connection real, Map<String, Object> fields) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (p, m, args) -> {
                    Object r = MigrationStandIn.invoke(m, real, args);
                    if (!(r instanceof Domain d)) {
                        return r;
                    }
                    return Proxy.newProxyInstance(Domain.class.getClassLoader(), new Class<?>[] {Domain.class},
                            (p2, m2, args2) -> m2.getName().equals("jobStats")
                                    ? new DomainJobStats(DomainJobType.UNBOUNDED, fields) : MigrationStandIn.invoke(m2, d, args2));
                });
    }

    @Test
    void beginRepliesWithTheCookieThenTheXml() {
        UUID uuid = guest();
        open(0);
        XdrReader r = ok(BEGIN, domain(uuid).andThen(params(Map.of("destination_name", "b"))).andThen(w -> w.writeInt(1)));
        assertThat(new String(r.readOpaque(MigrationProcedures.COOKIE_MAX))).isEqualTo("begin-cookie-from-A");
        assertThat(r.readString(1 << 20)).contains("<name>mig1</name>");
        assertThat(r.remaining()).isZero();
        assertThat(standIn.step("A", "begin").params().destinationName()).isEqualTo("b");
        assertThat(standIn.step("A", "begin").flags()).isEqualTo(1);
    }

    @Test
    void prepareOverAUnixSocketLeavesTheUriToTheDriverAndOverIpv6NamesTheAddressInBrackets() throws Exception {
        open(0);
        XdrReader r = ok(PREPARE, prepareArgs(Map.of("destination_xml", GUEST_XML)));
        assertThat(new String(r.readOpaque(MigrationProcedures.COOKIE_MAX))).isEqualTo("prepare-cookie-from-A");
        assertThat(r.readOptionalString(1 << 20)).isEqualTo("tcp:127.0.0.1:49152");
        assertThat(standIn.step("A", "prepare").params().uri()).isNull();
        assertThat(standIn.step("A", "prepare").cookieIn()).isEqualTo("c");

        session.attachLocalAddress(InetAddress.getByName("::1"));
        ok(PREPARE, prepareArgs(Map.of("destination_xml", GUEST_XML)));
        assertThat(standIn.steps.get(1).params().uri()).isEqualTo("tcp://[0:0:0:0:0:0:0:1]");
        assertThat(MigrationProcedures.prepareParams(MigrationParams.NONE.withUri("tcp://10.0.0.1:5"),
                InetAddress.getByName("127.0.0.1")).uri()).isEqualTo("tcp://10.0.0.1:5");
    }

    @Test
    void finishWithoutADomainIsLibvirtdsErrorForAFailureWithoutOne() {
        open(0);
        assertError(call(FINISH, params(Map.of("destination_name", "mig1"))
                .andThen(w -> w.writeOpaque(new byte[0]).writeInt(0).writeInt(1))),
                ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, MigrationProcedures.NO_ERROR_SET);
        assertThat(standIn.step("A", "finish").cancelled()).isTrue();
    }

    @Test
    void finishRepliesWithTheDomainThenTheCookie() {
        open(0);
        XdrReader r = ok(FINISH, params(Map.of("destination_xml", GUEST_XML, "destination_name", "moved"))
                .andThen(w -> w.writeOpaque("p".getBytes()).writeInt(1).writeInt(0)));
        assertThat(r.readString(100)).isEqualTo("moved");
        r.readFixedOpaque(16);
        assertThat(r.readInt()).as("running: an id").isPositive();
        assertThat(new String(r.readOpaque(MigrationProcedures.COOKIE_MAX))).isEqualTo("finish-cookie-from-A");
        assertThat(r.remaining()).isZero();
    }

    // ---- bad arguments: libvirt's refusals, nothing reaches the driver ------------------------------------

    @Test
    void moreParametersThanLibvirtsLimitAreRefused() {
        open(0);
        Map<String, Object> many = new LinkedHashMap<>();
        for (int i = 0; i < 65; i++) {
            many.put("p" + i, i);
        }
        assertError(call(PREPARE, prepareArgs(many)), ErrorCode.RPC, ErrorDomain.RPC,
                "RPC error: cannot decode arguments: too many parameters '65' for limit '64'");
        assertThat(standIn.steps).isEmpty();
    }

    @Test
    void unknownWrongTypedRepeatedOrOverlongParametersAreRefused() {
        open(0);
        assertError(call(PREPARE, prepareArgs(Map.of("nosuch", "x"))), ErrorCode.ARGUMENT_UNSUPPORTED,
                ErrorDomain.NONE, "argument unsupported: parameter 'nosuch' not supported");
        assertError(call(PREPARE, prepareArgs(Map.of("bandwidth", "fast"))), ErrorCode.INVALID_ARG,
                ErrorDomain.NONE, "invalid argument: invalid type for parameter 'bandwidth'");
        assertError(call(PREPARE, w -> {
            w.writeInt(2);
            w.writeString("migrate_uri").writeInt(TypedParams.STRING).writeString("tcp://a");
            w.writeString("migrate_uri").writeInt(TypedParams.STRING).writeString("tcp://b");
            w.writeOpaque(new byte[0]).writeInt(0);
        }), ErrorCode.INVALID_ARG, ErrorDomain.NONE, "invalid argument: parameter 'migrate_uri' occurs multiple times");
        String longName = "x".repeat(80);
        assertError(call(PREPARE, w -> {
            w.writeInt(1).writeString(longName).writeInt(TypedParams.INT).writeInt(1);
            w.writeOpaque(new byte[0]).writeInt(0);
        }), ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "internal error: parameter " + longName + " too big for destination");
        assertThat(standIn.steps).isEmpty();
    }

    @Test
    void cookiesLongerThanLibvirtsLimitOrTruncatedAreRefused() {
        open(0);
        Packet tooLong = call(PREPARE, params(Map.of()).andThen(w -> w.writeInt(MigrationProcedures.COOKIE_MAX + 1)));
        assertError(tooLong, ErrorCode.RPC, ErrorDomain.RPC, "RPC error: cannot decode arguments: XDR opaque length "
                + (MigrationProcedures.COOKIE_MAX + 1) + " exceeds " + MigrationProcedures.COOKIE_MAX);
        Packet truncated = call(PREPARE, params(Map.of()).andThen(w -> w.writeInt(8).writeInt(0)));
        assertThat(truncated.header().status()).isEqualTo(Header.ERROR);
        assertThat(new XdrReader(truncated.body()).readInt()).isEqualTo(ErrorCode.RPC.number());
        Packet noCancelled = call(FINISH, params(Map.of()).andThen(w -> w.writeOpaque(new byte[0]).writeInt(0)));
        assertThat(new XdrReader(noCancelled.body()).readInt()).isEqualTo(ErrorCode.RPC.number());
        assertThat(standIn.steps).isEmpty();
    }

    @Test
    void everyMigrationProcedureHasLibvirtsNumber() {
        Map.of(163, Procedure.DOMAIN_GET_JOB_INFO, 164, Procedure.DOMAIN_ABORT_JOB, 298, Procedure.DOMAIN_GET_JOB_STATS,
                302, Procedure.DOMAIN_MIGRATE_BEGIN3_PARAMS, 303, Procedure.DOMAIN_MIGRATE_PREPARE3_PARAMS,
                305, Procedure.DOMAIN_MIGRATE_PERFORM3_PARAMS, 306, Procedure.DOMAIN_MIGRATE_FINISH3_PARAMS,
                307, Procedure.DOMAIN_MIGRATE_CONFIRM3_PARAMS)
                .forEach((number, p) -> assertThat(Procedure.of(number)).isEqualTo(p));
        assertThat(Procedure.of(304)).as("tunnelled: not offered").isNull();
    }
}
