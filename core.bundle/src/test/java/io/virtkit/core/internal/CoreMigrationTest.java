package io.virtkit.core.internal;

import static io.virtkit.core.internal.MigrationHostsFake.bytes;
import static io.virtkit.core.internal.MigrationHostsFake.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;

import io.virtkit.api.ConnectFlag;
import io.virtkit.api.ConnectRequest;
import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainEvent;
import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.MigrateFlag;
import io.virtkit.api.MigrationParams;
import io.virtkit.api.MigrationPrepared;
import io.virtkit.api.Registration;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.MigrationFinish;

/**
 * Core's managed migration (libvirt's virDomainMigrateVersion3Full) and its checks, over two recording hosts: the
 * order of the steps, the cookies relayed from each step to the next, the cancel paths and which error wins.
 */
class CoreMigrationTest {

    private static final long LIVE = MigrateFlag.LIVE.bit();
    private static final long PROTECT = MigrateFlag.CHANGE_PROTECTION.bit();

    private final MigrationHostsFake hosts = new MigrationHostsFake();
    private final DefaultConnectionFactory factory = new DefaultConnectionFactory();
    private final Connection src;
    private final Connection dst;
    private final Domain vm;

    CoreMigrationTest() {
        factory.addHypervisorDriver(hosts.source, Map.of(Constants.SERVICE_ID, 1L));
        factory.addHypervisorDriver(hosts.destination, Map.of(Constants.SERVICE_ID, 2L));
        src = factory.open("src://hosta/system");
        dst = factory.open("dst://hostb/system");
        vm = src.lookupDomainByName("vm1");
        hosts.steps.clear();
    }

    @AfterEach
    void close() {
        src.close();
        dst.close();
    }

    @Test
    void theFiveStepsRunInLibvirtsOrderEachWithThePreviousStepsCookie() {
        Domain arrived = vm.migrate(dst, MigrationParams.NONE, MigrateFlag.LIVE, MigrateFlag.AUTO_CONVERGE);

        assertThat(hosts.steps).containsExactly("src.migrateBegin", "src.domainState", "dst.migratePrepare",
                "src.migratePerform", "dst.migrateFinish", "src.migrateConfirm");
        long auto = MigrateFlag.AUTO_CONVERGE.bit();
        // the source's steps carry change protection; the destination never sees the source-only flags
        assertThat(hosts.source.args("migrateBegin")[2]).isEqualTo(LIVE | auto | PROTECT);

        Object[] prepare = hosts.destination.args("migratePrepare");
        assertThat(((MigrationParams) prepare[0]).destinationXml()).isEqualTo("<domain>from begin</domain>");
        assertThat(text(prepare[1])).isEqualTo("begin-cookie");
        assertThat(prepare[2]).isEqualTo(LIVE);

        Object[] perform = hosts.source.args("migratePerform");
        assertThat(perform[1]).as("dconnuri").isNull();
        assertThat(((MigrationParams) perform[2]).uri()).isEqualTo("tcp:10.77.0.2:49152");
        assertThat(text(perform[3])).isEqualTo("prepare-cookie");
        assertThat(perform[4]).isEqualTo(LIVE | auto | PROTECT);

        Object[] finish = hosts.destination.args("migrateFinish");
        assertThat(((MigrationParams) finish[0]).destinationName()).isEqualTo("vm1");
        assertThat(text(finish[1])).isEqualTo("perform-cookie");
        assertThat(finish).endsWith(LIVE, false);

        Object[] confirm = hosts.source.args("migrateConfirm");
        assertThat(text(confirm[2])).isEqualTo("finish-cookie");
        assertThat(confirm).endsWith(LIVE | auto | PROTECT, false);

        assertThat(arrived.connection()).isSameAs(dst);
        assertThat(arrived.name()).isEqualTo("vm1");
    }

    @Test
    void theCallersDestinationXmlAndUriStandAndAPausedGuestStaysPaused() {
        hosts.source.script.put("domainState", a -> DomainStateInfo.of(DomainStateReason.PAUSED_USER));
        hosts.destination.script.put("migratePrepare", a -> new MigrationPrepared(null,
                bytes("prepare-cookie")));
        MigrationParams given = new MigrationParams("tcp://10.77.0.2:49200", "vm2", "<domain>mine</domain>", null,
                100, null);

        Domain arrived = vm.migrate(dst, given);

        Object[] prepare = hosts.destination.args("migratePrepare");
        assertThat(((MigrationParams) prepare[0]).destinationXml()).isEqualTo("<domain>mine</domain>");
        assertThat(prepare[2]).isEqualTo((long) MigrateFlag.PAUSED.bit());
        assertThat(((MigrationParams) hosts.source.args("migratePerform")[2]).uri())
                .isEqualTo("tcp://10.77.0.2:49200");
        assertThat(((MigrationParams) hosts.source.args("migratePerform")[2]).bandwidthMiBs()).isEqualTo(100);
        assertThat(arrived.name()).isEqualTo("vm2");
    }

    @Test
    void aFailedPrepareEndsTheSourcesJobWithACancelledConfirmAndIsTheErrorReported() {
        VirtException refused = new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.QEMU,
                "Attempt to migrate guest to the same host 1234");
        hosts.destination.fail("migratePrepare", refused);
        hosts.source.fail("migrateConfirm",
                new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.QEMU, "confirm broke too"));

        VirtException e = catchThrowableOfType(VirtException.class, () -> vm.migrate(dst, null, MigrateFlag.LIVE));

        assertThat(e).isSameAs(refused);
        assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
                .containsExactly("internal error: confirm broke too");
        assertThat(hosts.steps).containsExactly("src.migrateBegin", "src.domainState", "dst.migratePrepare",
                "src.migrateConfirm");
        Object[] confirm = hosts.source.args("migrateConfirm");
        assertThat((byte[]) confirm[2]).isEmpty();
        assertThat(confirm[4]).isEqualTo(true);
    }

    @Test
    void aFailedPerformCancelsTheFinishSkipsConfirmAndKeepsItsErrorOverTheFinishs() {
        VirtException cut = new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.DOMAIN,
                "migration out job: unexpectedly failed");
        hosts.source.fail("migratePerform", cut);
        hosts.destination.fail("migrateFinish",
                new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.DOMAIN, "finish cleanup failed"));

        VirtException e = catchThrowableOfType(VirtException.class, () -> vm.migrate(dst, null, MigrateFlag.LIVE));

        assertThat(e).isSameAs(cut);
        assertThat(e.getSuppressed()).extracting(Throwable::getMessage)
                .containsExactly("operation failed: finish cleanup failed");
        assertThat(hosts.steps).containsExactly("src.migrateBegin", "src.domainState", "dst.migratePrepare",
                "src.migratePerform", "dst.migrateFinish");
        Object[] finish = hosts.destination.args("migrateFinish");
        assertThat((byte[]) finish[1]).isEmpty();
        assertThat(finish[3]).isEqualTo(true);
    }

    @Test
    void aQemuPerformFailureGivesWayToWhyTheGuestDiedOnTheDestination() {
        hosts.source.fail("migratePerform",
                new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.QEMU, "migration job: unexpectedly failed"));
        VirtException died = new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.QEMU,
                "qemu unexpectedly closed the monitor");
        hosts.destination.fail("migrateFinish", died);

        assertThatThrownBy(() -> vm.migrate(dst, null)).isSameAs(died);
    }

    @Test
    void aFinishWithoutADomainCancelsTheConfirmAndItsErrorIsReported() {
        VirtException lost = new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.DOMAIN,
                "domain did not arrive");
        hosts.destination.fail("migrateFinish", lost);

        assertThatThrownBy(() -> vm.migrate(dst, null, MigrateFlag.LIVE)).isSameAs(lost);
        assertThat(hosts.steps).endsWith("src.migratePerform", "dst.migrateFinish", "src.migrateConfirm");
        Object[] confirm = hosts.source.args("migrateConfirm");
        assertThat((byte[]) confirm[2]).isEmpty();
        assertThat(confirm[4]).isEqualTo(true);
    }

    @Test
    void aFinishGivingNoDomainWithoutAnErrorIsStillAFailureAndTheSourceResumes() {
        hosts.destination.script.put("migrateFinish", a -> new MigrationFinish(null,
                bytes("nothing")));

        assertThatThrownBy(() -> vm.migrate(dst, null)).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_FAILED));
        Object[] confirm = hosts.source.args("migrateConfirm");
        assertThat(text(confirm[2])).isEqualTo("nothing");
        assertThat(confirm[4]).isEqualTo(true);
    }

    @Test
    void aPrepareNamingNoAddressCancelsWithItsCookieAndTheSourceResumes() {
        hosts.destination.script.put("migratePrepare", a -> new MigrationPrepared(null, bytes("prepare-cookie")));

        assertError(() -> vm.migrate(dst, null), ErrorCode.INTERNAL_ERROR,
                "internal error: domainMigratePrepare3 did not set uri");
        assertThat(hosts.steps).containsExactly("src.migrateBegin", "src.domainState", "dst.migratePrepare",
                "dst.migrateFinish", "src.migrateConfirm");
        Object[] finish = hosts.destination.args("migrateFinish");
        assertThat(text(finish[1])).isEqualTo("prepare-cookie");
        assertThat(finish[3]).isEqualTo(true);
        assertThat(hosts.source.args("migrateConfirm")[4]).isEqualTo(true);
    }

    @Test
    void anOfflineMigrationSkipsPerformAndFinishesWithoutACookie() {
        Domain arrived = vm.migrate(dst, null, MigrateFlag.OFFLINE, MigrateFlag.PERSIST_DEST);

        assertThat(hosts.steps).containsExactly("src.migrateBegin", "src.domainState", "dst.migratePrepare",
                "dst.migrateFinish", "src.migrateConfirm");
        Object[] finish = hosts.destination.args("migrateFinish");
        assertThat((byte[]) finish[1]).isEmpty();
        assertThat(finish[3]).isEqualTo(false);
        assertThat(arrived.connection()).isSameAs(dst);
    }

    @Test
    void peerToPeerHandsTheDestinationsUriToTheSourcesPerformAndFindsTheDomainThere() {
        Domain arrived = vm.migrate(dst, null, MigrateFlag.LIVE, MigrateFlag.PEER2PEER);

        assertThat(hosts.steps).containsExactly("src.migratePerform", "dst.lookupDomainByName");
        Object[] perform = hosts.source.args("migratePerform");
        assertThat(perform[1]).isEqualTo("dst://hostb/system");
        assertThat((byte[]) perform[3]).isEmpty();
        assertThat(perform[4]).isEqualTo(LIVE | MigrateFlag.PEER2PEER.bit());
        assertThat(arrived.connection()).isSameAs(dst);
    }

    @Test
    void migrateToUriIsPeerToPeerOnlyAndNeverToThisHost() {
        vm.migrateToUri("qemu+tls://10.77.0.2/system", null, MigrateFlag.PEER2PEER, MigrateFlag.LIVE);
        assertThat(hosts.source.args("migratePerform")[1]).isEqualTo("qemu+tls://10.77.0.2/system");
        assertThat(hosts.source.args("migratePerform")[4]).isEqualTo(LIVE | MigrateFlag.PEER2PEER.bit());

        assertError(() -> vm.migrateToUri("qemu+tls://10.77.0.2/system", null, MigrateFlag.LIVE),
                ErrorCode.ARGUMENT_UNSUPPORTED, "argument unsupported: direct migration is not supported by the"
                        + " source host");
        assertError(() -> vm.migrateToUri(null, null, MigrateFlag.PEER2PEER), ErrorCode.INVALID_ARG,
                "dconnuri in virDomainMigrateToURI3 must not be NULL");
        assertError(() -> vm.migrateToUri("qemu:///system", null, MigrateFlag.PEER2PEER), ErrorCode.INVALID_ARG,
                "Attempt to migrate guest to the same host");
        assertError(() -> vm.migrateToUri("qemu+tls://localhost/system", null, MigrateFlag.PEER2PEER),
                ErrorCode.INVALID_ARG, "Attempt to migrate guest to the same host");
        // another daemon's socket named explicitly is meant, as libvirt takes it
        vm.migrateToUri("qemu+unix:///system?socket=/run/b/libvirt-sock", null, MigrateFlag.PEER2PEER);
        assertThat(hosts.source.args("migratePerform")[1]).isEqualTo("qemu+unix:///system?socket=/run/b/libvirt-sock");
        hosts.steps.remove("src.migratePerform");
        assertError(() -> vm.migrateToUri("qemu+tls://b/system", null, MigrateFlag.PEER2PEER,
                MigrateFlag.TUNNELLED), ErrorCode.INVALID_ARG,
                "invalid argument: unsupported flags (0x4) in function virDomainMigrateToURI3");
        hosts.source.migrates = false;
        assertError(() -> vm.migrateToUri("qemu+tls://b/system", null, MigrateFlag.PEER2PEER),
                ErrorCode.ARGUMENT_UNSUPPORTED, "argument unsupported: p2p migration is not supported by the"
                        + " source host");
        assertThat(hosts.steps).containsExactly("src.migratePerform");
    }

    @Test
    void badFlagsAreRefusedWithLibvirtsWordsBeforeAnyStep() {
        assertError(() -> vm.migrate(dst, null, MigrateFlag.TUNNELLED), ErrorCode.INVALID_ARG,
                "cannot perform tunnelled migration without using peer2peer flag");
        assertError(() -> vm.migrate(dst, null, MigrateFlag.NON_SHARED_DISK, MigrateFlag.NON_SHARED_INC),
                ErrorCode.INVALID_ARG,
                "Flags 'VIR_MIGRATE_NON_SHARED_DISK' and 'VIR_MIGRATE_NON_SHARED_INC' are mutually exclusive");
        assertError(() -> vm.migrate(dst, null, MigrateFlag.OFFLINE), ErrorCode.OPERATION_INVALID,
                "Requested operation is not valid: offline migration must be specified with the persistent flag set");
        assertError(() -> vm.migrate(dst, null, MigrateFlag.OFFLINE, MigrateFlag.PERSIST_DEST,
                MigrateFlag.NON_SHARED_DISK), ErrorCode.OPERATION_INVALID,
                "Requested operation is not valid: offline migration cannot handle non-shared storage");
        Connection local = factory.open("dst:///system");
        try {
            assertError(() -> vm.migrate(local, null, MigrateFlag.PEER2PEER), ErrorCode.INVALID_ARG,
                    "Attempt to migrate guest to the same host");
        } finally {
            local.close();
        }
        hosts.destination.migrates = false;
        assertError(() -> vm.migrate(dst, null, MigrateFlag.OFFLINE, MigrateFlag.PERSIST_DEST),
                ErrorCode.ARGUMENT_UNSUPPORTED,
                "argument unsupported: offline migration is not supported by the destination host");
        assertError(() -> vm.migrate(dst, null), ErrorCode.NO_SUPPORT,
                "this function is not supported by the connection driver: virDomainMigrate3");
        hosts.source.migrates = false;
        assertError(() -> vm.migrate(dst, null, MigrateFlag.CHANGE_PROTECTION), ErrorCode.ARGUMENT_UNSUPPORTED,
                "argument unsupported: cannot enforce change protection");
        assertThat(hosts.steps).isEmpty();
    }

    @Test
    void readOnlyAndClosedConnectionsAreRefusedNamingLibvirtsFunction() {
        Connection readOnlyDst = factory.open(ConnectRequest.to("dst://hostb/system").withFlags(ConnectFlag.READ_ONLY));
        Connection readOnlySrc = factory.open(ConnectRequest.to("src://hosta/system").withFlags(ConnectFlag.READ_ONLY));
        try {
            Domain ro = readOnlySrc.lookupDomainByName("vm1");
            assertDenied(() -> vm.migrate(readOnlyDst, null), "virDomainMigrate3");
            assertDenied(() -> ro.migrate(dst, null), "virDomainMigrate3");
            assertDenied(() -> ro.migrateToUri("qemu+tls://b/system", null, MigrateFlag.PEER2PEER),
                    "virDomainMigrateToURI3");
            assertDenied(() -> ro.migrateBegin(null, 0), "virDomainMigrateBegin3Params");
            assertDenied(() -> ro.migratePerform(null, null, null, 0), "virDomainMigratePerform3Params");
            assertDenied(() -> ro.migrateConfirm(null, null, 0, true), "virDomainMigrateConfirm3Params");
            assertDenied(() -> readOnlyDst.migratePrepare(null, null, 0), "virDomainMigratePrepare3Params");
            assertDenied(() -> readOnlyDst.migrateFinish(null, null, 0, true), "virDomainMigrateFinish3Params");
            assertDenied(ro::abortJob, "virDomainAbortJob");
            // reading a job is no change
            assertThat(ro.jobInfo().dataProcessed()).isEqualTo(100);
            assertThat(ro.jobStats(false).fields()).containsEntry("operation", 5);
        } finally {
            readOnlyDst.close();
            readOnlySrc.close();
        }
        assertThat(hosts.steps).containsExactly("src.lookupDomainByName", "src.domainJobInfo", "src.domainJobStats");

        dst.close();
        assertError(() -> vm.migrate(dst, null), ErrorCode.INVALID_CONN,
                "invalid connection pointer in virDomainMigrate3");
        assertError(() -> vm.migrate(null, null), ErrorCode.INVALID_CONN,
                "invalid connection pointer in virDomainMigrate3");
        src.close();
        assertError(vm::jobInfo, ErrorCode.INVALID_CONN, "invalid connection pointer in virDomainGetJobInfo");
        assertError(() -> vm.jobStats(true), ErrorCode.INVALID_CONN,
                "invalid connection pointer in virDomainGetJobStats");
        assertError(vm::abortJob, ErrorCode.INVALID_CONN, "invalid connection pointer in virDomainAbortJob");
        assertError(() -> vm.migrateToUri("x://b/", null), ErrorCode.INVALID_CONN,
                "invalid connection pointer in virDomainMigrateToURI3");
        assertError(() -> dst.migratePrepare(null, null, 0), ErrorCode.INVALID_CONN,
                "invalid connection pointer in virDomainMigratePrepare3Params");
    }

    @Test
    void jobCallsReachTheDriverAndADriverWithoutThemAnswersNoSupport() {
        vm.abortJob();
        assertThat(vm.jobStats(true).fields()).containsEntry("operation", 5);
        assertThat(hosts.source.args("domainJobStats")[1]).isEqualTo(true);
        assertThat(hosts.steps).containsExactly("src.abortDomainJob", "src.domainJobStats");

        FakeSubDrivers.Hypervisor bare = new FakeSubDrivers.Hypervisor("BARE", true, "bare");
        factory.addHypervisorDriver(bare, Map.of(Constants.SERVICE_ID, 3L));
        try (Connection c = factory.open("bare:///")) {
            Domain d = c.lookupDomainByName("vm1");
            assertThat(c.supportsMigration()).isFalse();
            assertError(d::jobInfo, ErrorCode.NO_SUPPORT,
                    "this function is not supported by the connection driver: virDomainGetJobInfo");
            assertError(d::abortJob, ErrorCode.NO_SUPPORT,
                    "this function is not supported by the connection driver: virDomainAbortJob");
            assertError(() -> d.migrateBegin(null, 0), ErrorCode.NO_SUPPORT,
                    "this function is not supported by the connection driver: virDomainMigrateBegin3Params");
            assertError(() -> c.migrateFinish(null, null, 0, false), ErrorCode.NO_SUPPORT,
                    "this function is not supported by the connection driver: virDomainMigrateFinish3Params");
            assertError(() -> d.migrate(dst, null), ErrorCode.NO_SUPPORT,
                    "this function is not supported by the connection driver: virDomainMigrate3");
        }
    }

    @Test
    void theDestinationsMigrationEventsReachItsListenersWithHandlesOnIt() throws InterruptedException {
        BlockingQueue<DomainEvent> seen = new LinkedBlockingQueue<>();
        try (Registration r = dst.addDomainEventListener(seen::add)) {
            hosts.destination.events.report(new DomainRef("vm1", MigrationHostsFake.VM, 7),
                    DomainEventDetail.STARTED_MIGRATED);
            DomainEvent event = seen.poll(30, TimeUnit.SECONDS);
            assertThat(event).isNotNull();
            assertThat(event.detail()).isEqualTo(DomainEventDetail.STARTED_MIGRATED);
            assertThat(event.domain().connection()).isSameAs(dst);
        }
    }

    private static void assertError(ThrowingCallable call, ErrorCode code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    private static void assertDenied(ThrowingCallable call, String function) {
        assertError(call, ErrorCode.OPERATION_DENIED, "operation forbidden: read only access prevents " + function);
    }
}
