package io.virtkit.qemu.internal;

import static io.virtkit.qemu.internal.QemuGuests.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.ConsoleStream;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainJobInfo;
import io.virtkit.api.DomainJobStats;
import io.virtkit.api.DomainJobType;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.MigrateFlag;
import io.virtkit.api.MigrationBegin;
import io.virtkit.api.MigrationParams;
import io.virtkit.api.MigrationPrepared;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainLeases;
import io.virtkit.api.driver.DomainLockManager;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.driver.MigrationFinish;
import io.virtkit.api.driver.OpenRequest;
import io.virtkit.api.qemu.QemuDomain;
import io.virtkit.qemu.testing.TinyLinuxGuest;
import io.virtkit.support.lock.OfdLockManager;

/**
 * Live migration of the tiny Linux guest between two QEMU driver instances in this JVM (two "hosts": their own
 * directories, host UUIDs and port ranges), over loopback, driven step by step through the driver SPI as core's
 * managed direct migration drives it (begin, prepare, perform, finish, confirm), and peer to peer. One guest is
 * booted for the class (TCG boots are slow) and moves between the hosts test by test; each test starts from where
 * the last one left it. The guest proves it was never rebooted: a counter it prints on its console keeps counting
 * on the other side, and a file written in its RAM before is still there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QemuMigrationTest {

    private static final UUID HOST_A = UUID.fromString("a0000000-0000-4000-8000-00000000000a");
    private static final UUID HOST_B = UUID.fromString("b0000000-0000-4000-8000-00000000000b");
    private static final String NAME = "tiny-mig";
    private static final Pattern COUNT = Pattern.compile("COUNT (\\d+)");
    private static final long LIVE = MigrateFlag.LIVE.bit();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MigrationParams LOOPBACK = MigrationParams.NONE.withUri("tcp://127.0.0.1");

    @TempDir
    static Path tmp;

    private final QemuGuests guests = new QemuGuests();
    private Host a;
    private Host b;
    private UUID uuid;
    /** The host the guest runs on now. */
    private Host current;
    /** The guest's disk, shared by both hosts, and a third lock manager that probes its lease. */
    private Path disk;
    private final DomainLockManager leaseProbe = new OfdLockManager(Optional.empty());

    /** One "host": a driver with its own directories, host UUID and ports, and its two kinds of connection. */
    private static final class Host {
        final String label;
        final QemuDriver driver;
        final QemuDriverSettings settings;
        final Connection pub;
        final HypervisorConnection spi;
        final BlockingQueue<DomainEventDetail> events;

        Host(String label, Path dir, UUID hostUuid, int portMin) {
            this.label = label;
            this.settings = QemuDriverSettings.forTests(QemuGuests.EMULATOR, dir)
                    .withMigration(QemuMigrationSettings.defaults().withHostUuid(hostUuid)
                            .withPorts(portMin, portMin + 9).withPrepareTimeout(Duration.ofSeconds(60)));
            // each host its own lock manager (libvirt's lockd on every host): the disk's lease moves with the guest
            this.driver = new QemuDriver(settings).withLockManager(new OfdLockManager(Optional.empty()));
            this.pub = QemuGuests.open(driver, "qemu:///session");
            this.spi = driver.open(OpenRequest.of("qemu:///session"), QemuGuests.NO_EVENTS).orElseThrow();
            this.events = QemuGuests.events(pub);
        }

        DomainRef ref(String name) {
            return spi.lookupDomainByName(name);
        }

        Path runtime() {
            return settings.session().runtime();
        }

        @Override
        public String toString() {
            return label;
        }
    }

    @BeforeAll
    void bootTheGuestOnA() throws Exception {
        TinyLinuxGuest guest = TinyLinuxGuest.prepareForTest();
        a = new Host("A", tmp.resolve("a"), HOST_A, 49400);
        b = new Host("B", tmp.resolve("b"), HOST_B, 49410);
        // persistent on A: after leaving A the record stays (SHUTOFF/MIGRATED) with the completed job's statistics
        // a disk on a path both "hosts" see, as shared storage: its image's write lock moves with the guest
        disk = tmp.resolve("shared-disk.img");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(disk.toFile(), "rw")) {
            f.setLength(8L << 20);
        }
        Domain d = a.pub.defineDomain(guest.domainXml(NAME, TinyLinuxGuest.serialConsoleXml(),
                "<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='" + disk
                        + "'/><target dev='vda' bus='virtio'/></disk>", ""));
        uuid = guests.track(d.uuid());
        d.start(io.virtkit.api.StartFlag.PAUSED);
        StringBuffer out = new StringBuffer();
        try (ConsoleStream console = d.openConsole(null)) {
            pump(console, out);
            d.resume();
            waitFor(out, TinyLinuxGuest.READY_MARKER, 180);
            type(console, "echo proof-$((6*7)) > /tmp/proof; "
                    + "(i=0; while :; do echo COUNT $i; i=$((i+1)); sleep 1; done) &");
            waitForCountAbove(out, 1, 60);
        }
        current = a;
    }

    @AfterAll
    void tearDown() {
        try {
            for (Host h : new Host[] {a, b}) {
                if (h != null) {
                    h.spi.close();
                    QemuGuests.stop(h.driver);
                }
            }
        } finally {
            guests.killAll();
        }
    }

    @BeforeEach
    void drainEvents() {
        a.events.clear();
        b.events.clear();
    }

    private Host other(Host h) {
        return h == a ? b : a;
    }

    // ---- the tests ------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void liveMigrationMovesTheGuestWhichRunsOnWithJobInfoEventsAndStatesOnBothSides() throws Exception {
        int before = lastCount(current);
        long srcPid = onlyProcess().pid();
        Steps steps = beginAndPrepare(throttled(8));
        Host src = steps.src();
        Host dst = steps.dst();
        DomainRef ref = steps.ref();
        MigrationParams params = steps.params();
        assertThat(steps.begin().domainXml()).contains("<name>" + NAME + "</name>").contains(uuid.toString());
        assertThat(steps.prepared().uri()).matches("tcp:127\\.0\\.0\\.1:494[01]\\d");
        DomainRef incoming = dst.ref(NAME);
        assertThat(dst.spi.domainState(incoming, 0)).isEqualTo(DomainStateInfo.of(DomainStateReason.PAUSED_MIGRATION));
        assertThat(QemuGuests.next(dst.events)).isEqualTo(DomainEventDetail.STARTED_MIGRATED);

        CompletableFuture<byte[]> perform = perform(steps);
        // during the transfer: libvirt's job info and statistics on both sides
        DomainJobInfo info = awaitTransfer(src, ref, perform);
        assertThat(info.type()).isEqualTo(DomainJobType.UNBOUNDED);
        assertThat(info.memTotal()).isGreaterThan(100L << 20);
        assertThat(info.dataProcessed()).isPositive();
        DomainJobStats stats = src.spi.domainJobStats(ref, false);
        assertThat(stats.fields()).containsEntry("operation", DomainJobStats.OPERATION_MIGRATION_OUT)
                .containsKeys("time_elapsed", "memory_total", "memory_processed", "memory_remaining", "memory_bps");
        assertThat(dst.spi.domainJobStats(incoming, false).fields())
                .containsEntry("operation", DomainJobStats.OPERATION_MIGRATION_IN);
        byte[] cookie = perform.get(120, TimeUnit.SECONDS);
        assertThat(src.spi.domainState(ref, 0)).isEqualTo(DomainStateInfo.of(DomainStateReason.PAUSED_MIGRATION));
        assertThat(QemuGuests.next(src.events)).isEqualTo(DomainEventDetail.SUSPENDED_MIGRATED);

        MigrationFinish finish = dst.spi.migrateFinish(params, cookie, LIVE, false);
        assertThat(finish.domain()).isNotNull();
        assertThat(finish.domain().uuid()).isEqualTo(uuid);
        assertThat(dst.spi.domainState(incoming, 0)).isEqualTo(DomainStateInfo.of(DomainStateReason.RUNNING_MIGRATED));
        assertThat(QemuGuests.next(dst.events)).isEqualTo(DomainEventDetail.RESUMED_MIGRATED);
        src.spi.migrateConfirm(ref, params, finish.cookie(), LIVE, false);
        assertThat(QemuGuests.next(src.events)).isEqualTo(DomainEventDetail.STOPPED_MIGRATED);
        current = dst;

        // the source's QEMU is gone; one QEMU runs the guest, on the destination
        assertThat(guests.processesOf(uuid)).hasSize(1).extracting(ProcessHandle::pid).doesNotContain(srcPid);
        assertSourceLeftClean(src);
        // the guest was not rebooted: its counter goes on from where it was, its RAM file is still there
        assertRunsOn(dst, before);
        // the completed job's statistics stay where the domain record stays (A keeps its definition)
        if (src == a) {
            DomainJobStats done = a.spi.domainJobStats(a.ref(NAME), true);
            assertThat(done.type()).isEqualTo(DomainJobType.COMPLETED);
            assertThat(done.fields()).containsKey("downtime").containsEntry("operation", 5);
            assertThat(a.pub.lookupDomainByName(NAME).state())
                    .isEqualTo(DomainStateInfo.of(DomainStateReason.SHUTOFF_MIGRATED));
        }
        assertThat(dst.spi.domainJobStats(incoming, true).type()).isEqualTo(DomainJobType.COMPLETED);
        assertThat(dst.spi.domainJobInfo(incoming).type()).isEqualTo(DomainJobType.NONE);
    }

    @Test
    @Order(2)
    void abortMidTransferLeavesTheGuestRunningOnTheSourceOnly() throws Exception {
        int before = lastCount(current);
        Steps steps = beginAndPrepare(throttled(1));
        Host src = steps.src();
        DomainRef ref = steps.ref();
        CompletableFuture<byte[]> perform = perform(steps);
        awaitTransfer(src, ref, perform);
        src.spi.abortDomainJob(ref);
        assertThatThrownBy(() -> perform.get(60, TimeUnit.SECONDS)).cause().isInstanceOf(VirtException.class)
                .hasMessage("operation aborted: migration out job: canceled by client")
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.OPERATION_ABORTED);
        rollBack(steps);
        // a live guest never paused: as libvirt, it keeps its state and reason, and nothing is announced
        assertThat(src.spi.domainState(ref, 0).state()).isEqualTo(io.virtkit.api.DomainState.RUNNING);
        assertThat(src.events).isEmpty();
        assertThat(guests.processesOf(uuid)).hasSize(1);
        assertDestinationLeftClean(steps.dst());
        assertRunsOn(src, before);
    }

    @Test
    @Order(4)
    void destinationKilledDuringANonLiveTransferResumesThePausedSource() throws Exception {
        int before = lastCount(current);
        long srcPid = onlyProcess().pid();
        // not LIVE: the guest is paused for the whole transfer, and resumed when it fails
        Steps steps = beginAndPrepare(throttled(1), 0);
        Host src = steps.src();
        DomainRef ref = steps.ref();
        ProcessHandle incoming = guests.processesOf(uuid).stream().filter(p -> p.pid() != srcPid).findFirst()
                .orElseThrow();
        CompletableFuture<byte[]> perform = perform(steps);
        awaitTransfer(src, ref, perform);
        new ProcessBuilder("kill", "-9", Long.toString(incoming.pid())).start().waitFor();
        assertThatThrownBy(() -> perform.get(60, TimeUnit.SECONDS)).cause().isInstanceOf(VirtException.class)
                .hasMessageStartingWith("operation failed: migration out job: ");
        rollBack(steps);
        assertThat(src.spi.domainState(ref, 0))
                .isEqualTo(DomainStateInfo.of(DomainStateReason.RUNNING_MIGRATION_CANCELED));
        assertThat(QemuGuests.next(src.events)).isEqualTo(DomainEventDetail.SUSPENDED_MIGRATED);
        assertThat(QemuGuests.next(src.events)).isEqualTo(DomainEventDetail.RESUMED_MIGRATED);
        assertThat(guests.processesOf(uuid)).extracting(ProcessHandle::pid).containsExactly(srcPid);
        assertDestinationLeftClean(steps.dst());
        assertRunsOn(src, before);
    }

    @Test
    @Order(3)
    void aCompletedTransferWhoseFinishNeverComesIsCancelledAndTheSourceRunsOnWithItsDisk() throws Exception {
        int before = lastCount(current);
        long srcPid = onlyProcess().pid();
        Steps steps = beginAndPrepare(LOOPBACK);
        Host src = steps.src();
        DomainRef ref = steps.ref();
        ProcessHandle incoming = guests.processesOf(uuid).stream().filter(p -> p.pid() != srcPid).findFirst()
                .orElseThrow();
        // the whole guest arrives in the destination's QEMU, which lives on (its daemon "dies": finish never comes)
        steps.src().spi.migratePerform(ref, null, steps.params().withUri(steps.prepared().uri()),
                steps.prepared().cookie(), steps.flags());
        assertThat(src.spi.domainState(ref, 0)).isEqualTo(DomainStateInfo.of(DomainStateReason.PAUSED_MIGRATION));
        assertThat(QemuGuests.next(src.events)).isEqualTo(DomainEventDetail.SUSPENDED_MIGRATED);
        assertThat(incoming.isAlive()).isTrue();
        try {
            // the caller cancels: the source takes the guest back (its disk too) while the other QEMU still exists
            src.spi.migrateConfirm(ref, steps.params(), new byte[0], steps.flags(), true);
            assertThat(src.spi.domainState(ref, 0))
                    .isEqualTo(DomainStateInfo.of(DomainStateReason.RUNNING_MIGRATION_CANCELED));
            assertThat(QemuGuests.next(src.events)).isEqualTo(DomainEventDetail.RESUMED_MIGRATED);
            // QEMU says so too: the state is not merely the driver's belief
            JsonNode status = JSON.readTree(((QemuDomain) src.pub.lookupDomainByName(NAME))
                    .monitorCommand("{\"execute\":\"query-status\"}")).path("return");
            assertThat(status.path("status").asText()).isEqualTo("running");
            assertRunsOn(src, before);
        } finally {
            new ProcessBuilder("kill", "-9", Long.toString(incoming.pid())).start().waitFor();
            incoming.onExit().get(60, TimeUnit.SECONDS);
        }
        rollBack(steps);
        assertThat(guests.processesOf(uuid)).extracting(ProcessHandle::pid).containsExactly(srcPid);
        assertDestinationLeftClean(steps.dst());
    }

    @Test
    @Order(5)
    void aPrepareThatFailsLeavesNothingOnTheDestination() throws Exception {
        Host src = current;
        Host dst = other(src);
        DomainRef ref = src.ref(NAME);
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            MigrationParams params = MigrationParams.NONE.withUri("tcp://127.0.0.1:" + taken.getLocalPort());
            MigrationBegin begin = src.spi.migrateBegin(ref, params, LIVE);
            assertThatThrownBy(() -> dst.spi.migratePrepare(params.withDestinationXml(begin.domainXml()),
                    begin.cookie(), LIVE)).isInstanceOf(VirtException.class).hasMessageContaining("Address already in use");
            src.spi.migrateConfirm(ref, params, new byte[0], LIVE, true);
            assertDestinationLeftClean(dst);
        }
        // a destination XML that is not a domain
        MigrationBegin begin = src.spi.migrateBegin(ref, LOOPBACK, LIVE);
        assertThatThrownBy(() -> dst.spi.migratePrepare(LOOPBACK.withDestinationXml("<domain type='qemu'><name>"),
                begin.cookie(), LIVE)).isInstanceOf(VirtException.class);
        src.spi.migrateConfirm(ref, LOOPBACK, new byte[0], LIVE, true);
        assertDestinationLeftClean(dst);
        // no address at all (a UNIX-socket client and no migrationHost configured)
        MigrationBegin again = src.spi.migrateBegin(ref, MigrationParams.NONE, LIVE);
        assertThatThrownBy(() -> dst.spi.migratePrepare(
                MigrationParams.NONE.withDestinationXml(again.domainXml()), again.cookie(), LIVE))
                .isInstanceOf(VirtException.class).hasMessageContaining("migrationHost");
        src.spi.migrateConfirm(ref, MigrationParams.NONE, new byte[0], LIVE, true);
        assertDestinationLeftClean(dst);
        assertThat(src.spi.domainState(ref, 0).state()).isEqualTo(io.virtkit.api.DomainState.RUNNING);
        assertThat(guests.processesOf(uuid)).hasSize(1);
        assertThat(src.events).isEmpty(); // the guest was never paused
    }

    @Test
    @Order(6)
    void aMigrationToTheSameHostIsRefusedAndTheGuestRunsOn() {
        Host src = current;
        DomainRef ref = src.ref(NAME);
        MigrationBegin begin = src.spi.migrateBegin(ref, LOOPBACK, LIVE);
        assertThatThrownBy(() -> src.spi.migratePrepare(LOOPBACK.withDestinationXml(begin.domainXml()),
                begin.cookie(), LIVE)).isInstanceOf(VirtException.class)
                .hasMessage("internal error: Attempt to migrate guest to the same host "
                        + (src == a ? HOST_A : HOST_B))
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
        src.spi.migrateConfirm(ref, LOOPBACK, new byte[0], LIVE, true);
        assertThat(src.spi.domainState(ref, 0).state()).isEqualTo(io.virtkit.api.DomainState.RUNNING);
        assertThat(guests.processesOf(uuid)).hasSize(1);

        // no job to abort, then a begun one with no transfer yet
        assertThatThrownBy(() -> src.spi.abortDomainJob(ref)).isInstanceOf(VirtException.class)
                .hasMessage("Requested operation is not valid: no job is active on the domain");
        src.spi.migrateBegin(ref, LOOPBACK, LIVE);
        assertThatThrownBy(() -> src.spi.abortDomainJob(ref)).isInstanceOf(VirtException.class)
                .hasMessageContaining("no migration transfer");
        src.spi.migrateConfirm(ref, LOOPBACK, new byte[0], LIVE, true);

        // a client that begins and goes away: its connection's close ends the migration job
        HypervisorConnection gone = src.driver.open(OpenRequest.of("qemu:///session"), QemuGuests.NO_EVENTS)
                .orElseThrow();
        gone.migrateBegin(ref, LOOPBACK, LIVE);
        assertThatThrownBy(() -> src.spi.migrateBegin(ref, LOOPBACK, LIVE)).isInstanceOf(VirtException.class)
                .hasMessageContaining("migration out is in progress");
        gone.close();
        src.spi.migrateBegin(ref, LOOPBACK, LIVE);
        src.spi.migrateConfirm(ref, LOOPBACK, new byte[0], LIVE, true);
    }

    @Test
    @Order(7)
    void peerToPeerThroughCoreTheSourceDrivesTheDestinationItself() throws Exception {
        Host src = current;
        Host dst = other(src);
        int before = lastCount(src);
        src.driver.withConnectionFactory(factory(request -> QemuGuests.open(dst.driver, "qemu:///session")));
        src.pub.lookupDomainByName(NAME).migrateToUri("qemu+tls://" + dst.label + "/system", LOOPBACK,
                MigrateFlag.LIVE, MigrateFlag.PEER2PEER);
        current = dst;
        assertThat(QemuGuests.next(src.events)).isEqualTo(DomainEventDetail.SUSPENDED_MIGRATED);
        assertThat(QemuGuests.next(src.events)).isEqualTo(DomainEventDetail.STOPPED_MIGRATED);
        assertThat(QemuGuests.next(dst.events)).isEqualTo(DomainEventDetail.STARTED_MIGRATED);
        assertThat(QemuGuests.next(dst.events)).isEqualTo(DomainEventDetail.RESUMED_MIGRATED);
        assertThat(guests.processesOf(uuid)).hasSize(1);
        assertSourceLeftClean(src);
        assertRunsOn(dst, before);

        // an unreachable destination: the guest stays, running, where it is
        dst.driver.withConnectionFactory(factory(request -> {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, io.virtkit.api.ErrorDomain.RPC, "unable to connect");
        }));
        Domain here = dst.pub.lookupDomainByName(NAME);
        assertThatThrownBy(() -> here.migrateToUri("qemu+tls://nowhere/system", LOOPBACK, MigrateFlag.LIVE,
                MigrateFlag.PEER2PEER)).isInstanceOf(VirtException.class).hasMessageStartingWith(
                        "operation failed: Failed to connect to remote libvirt URI qemu+tls://nowhere/system");
        assertThat(here.state().state()).isEqualTo(io.virtkit.api.DomainState.RUNNING);
    }

    @Test
    @Order(8)
    void managedDirectMigrationThroughCoreBothConnectionsHeldByTheCaller() throws Exception {
        Host src = current;
        Host dst = other(src);
        int before = lastCount(src);
        Domain arrived = src.pub.lookupDomainByName(NAME).migrate(dst.pub, LOOPBACK, MigrateFlag.LIVE);
        current = dst;
        assertThat(arrived.uuid()).isEqualTo(uuid);
        assertThat(arrived.state()).isEqualTo(DomainStateInfo.of(DomainStateReason.RUNNING_MIGRATED));
        assertThat(arrived.isPersistent()).isFalse();
        assertThat(QemuGuests.next(src.events)).isEqualTo(DomainEventDetail.SUSPENDED_MIGRATED);
        assertThat(QemuGuests.next(src.events)).isEqualTo(DomainEventDetail.STOPPED_MIGRATED);
        assertThat(guests.processesOf(uuid)).hasSize(1);
        assertSourceLeftClean(src);
        assertRunsOn(dst, before);
    }

    @Test
    @Order(9)
    void offlinePersistentMigrationMovesOnlyTheDefinition() {
        String name = "offline-mig";
        Domain defined = a.pub.defineDomain(guests.xml(name));
        long flags = MigrateFlag.OFFLINE.bit() | MigrateFlag.PERSIST_DEST.bit() | MigrateFlag.UNDEFINE_SOURCE.bit();
        DomainRef ref = a.ref(name);
        assertThatThrownBy(() -> a.spi.migrateBegin(ref, MigrationParams.NONE, MigrateFlag.OFFLINE.bit()))
                .isInstanceOf(VirtException.class).hasMessageContaining("persistent flag");
        assertThatThrownBy(() -> a.spi.migrateBegin(ref, MigrationParams.NONE, LIVE))
                .isInstanceOf(VirtException.class).hasMessageContaining("domain is not running");
        MigrationBegin begin = a.spi.migrateBegin(ref, MigrationParams.NONE, flags);
        MigrationPrepared prepared = b.spi.migratePrepare(MigrationParams.NONE.withDestinationXml(begin.domainXml()),
                begin.cookie(), flags);
        assertThat(prepared.uri()).isNotNull(); // libvirt's callers want one; nothing is sent to it
        // as libvirt's callers: no perform, finish without a cookie, naming the domain
        MigrationParams named = new MigrationParams(null, name, null, null, 0, null);
        MigrationFinish finish = b.spi.migrateFinish(named, new byte[0], flags, false);
        a.spi.migrateConfirm(ref, MigrationParams.NONE, finish.cookie(), flags, false);
        Domain there = b.pub.lookupDomainByName(name);
        assertThat(there.isPersistent()).isTrue();
        assertThat(there.isActive()).isFalse();
        assertThat(there.uuid()).isEqualTo(defined.uuid());
        assertThat(a.pub.listAllDomains()).extracting(Domain::name).doesNotContain(name);
        assertThat(guests.processesOf(defined.uuid())).isEmpty();
        there.undefine();
    }

    @Test
    @Order(10)
    void theDriverDeclinesRemoteUrisServesItsOwnUnixSocketsAndShowsItsHostUuid() {
        for (String uri : List.of("qemu://hostb/system", "qemu+tls://hostb/system", "qemu+ssh://h/system",
                "qemu+unix://hostb/system", "qemu+unix:///system?socket=/run/other/libvirt-sock")) {
            assertThat(a.driver.open(OpenRequest.of(uri), QemuGuests.NO_EVENTS)).as(uri).isEmpty();
        }
        // this host's own daemon over its UNIX socket: Virtkit itself, served here (the remote driver declines it)
        HypervisorConnection own = a.driver.open(OpenRequest.of("qemu+unix:///session"), QemuGuests.NO_EVENTS)
                .orElseThrow();
        assertThat(own.lookupDomainByName(NAME).uuid()).isEqualTo(uuid);
        own.close();
        assertThat(a.spi.supportsMigration()).isTrue();
        assertThat(a.pub.capabilities()).contains("<uuid>" + HOST_A + "</uuid>");
        assertThat(b.pub.capabilities()).contains("<uuid>" + HOST_B + "</uuid>");
    }

    @Test
    @Order(11)
    void aDestinationThatCannotTakeTheDiskLeaseFailsItsFinishAndTheSourceWaitsPausedForIt() throws Exception {
        int before = lastCount(current);
        long srcPid = onlyProcess().pid();
        assertLeaseBusy(() -> leaseProbe.acquire("probe", UUID.randomUUID(), List.of(disk.toString())));
        Steps steps = beginAndPrepare(LOOPBACK);
        Host src = steps.src();
        DomainRef ref = steps.ref();
        byte[] cookie = src.spi.migratePerform(ref, null, steps.params().withUri(steps.prepared().uri()),
                steps.prepared().cookie(), steps.flags());
        assertThat(QemuGuests.next(src.events)).isEqualTo(DomainEventDetail.SUSPENDED_MIGRATED);
        // the source let go of the disk at the switchover; someone else takes it before the destination's finish
        DomainLeases taken = leaseProbe.acquire("intruder", UUID.randomUUID(), List.of(disk.toString()));
        try {
            assertLeaseBusy(() -> steps.dst().spi.migrateFinish(steps.params(), cookie, steps.flags(), false));
            assertDestinationLeftClean(steps.dst());
            // the caller gives the guest back: the source cannot take the lease either, and stays paused
            src.spi.migrateConfirm(ref, steps.params(), new byte[0], steps.flags(), true);
            assertThat(src.spi.domainState(ref, 0)).isEqualTo(DomainStateInfo.of(DomainStateReason.PAUSED_API_ERROR));
            assertThat(QemuGuests.next(src.events)).isEqualTo(DomainEventDetail.SUSPENDED_API_ERROR);
            assertLeaseBusy(() -> src.pub.lookupDomainByName(NAME).resume());
            assertThat(src.spi.domainState(ref, 0).state()).isEqualTo(io.virtkit.api.DomainState.PAUSED);
        } finally {
            taken.close();
        }
        // the disk is free again: a resume takes the lease and the guest runs on where it was, never rebooted
        src.pub.lookupDomainByName(NAME).resume();
        assertThat(src.spi.domainState(ref, 0).state()).isEqualTo(io.virtkit.api.DomainState.RUNNING);
        assertThat(guests.processesOf(uuid)).extracting(ProcessHandle::pid).containsExactly(srcPid);
        assertLeaseBusy(() -> leaseProbe.acquire("probe", UUID.randomUUID(), List.of(disk.toString())));
        assertRunsOn(src, before);
    }

    private void assertLeaseBusy(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_BUSY);
            assertThat(e.getMessage()).isEqualTo("resource busy: Lockspace resource '" + disk + "' is locked");
        });
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    /** Over loopback at most {@code mibs} MiB/s: a transfer long enough to watch, abort or break. */
    private static MigrationParams throttled(long mibs) {
        return new MigrationParams("tcp://127.0.0.1", null, null, null, mibs, null);
    }

    /** A live migration of the guest from where it runs to the other host, begun and prepared. */
    private record Steps(Host src, Host dst, DomainRef ref, MigrationParams params, long flags, MigrationBegin begin,
            MigrationPrepared prepared) {
    }

    private Steps beginAndPrepare(MigrationParams params) {
        return beginAndPrepare(params, LIVE);
    }

    private Steps beginAndPrepare(MigrationParams params, long flags) {
        Host src = current;
        Host dst = other(src);
        DomainRef ref = src.ref(NAME);
        MigrationBegin begin = src.spi.migrateBegin(ref, params, flags);
        MigrationPrepared prepared = dst.spi.migratePrepare(params.withDestinationXml(begin.domainXml()),
                begin.cookie(), flags);
        return new Steps(src, dst, ref, params, flags, begin, prepared);
    }

    /** The source's perform to the prepared URI, on another thread (the caller watches, aborts, breaks it). */
    private static CompletableFuture<byte[]> perform(Steps s) {
        return CompletableFuture.supplyAsync(() -> s.src().spi.migratePerform(s.ref(), null,
                s.params().withUri(s.prepared().uri()), s.prepared().cookie(), s.flags()));
    }

    /**
     * What core (libvirt's virDomainMigrateVersion3Full) does after a failed perform: the destination's finish
     * cancelled without a cookie, and no confirm (the failed perform has ended the source's job: the next migration can begin).
     */
    private static void rollBack(Steps s) {
        // no cookie after a failed perform: the domain named as libvirt's client names it
        MigrationParams named = new MigrationParams(s.params().uri(), NAME, null, null, s.params().bandwidthMiBs(),
                null);
        MigrationFinish finish = s.dst().spi.migrateFinish(named, new byte[0], s.flags(), true);
        assertThat(finish.domain()).isNull();
    }

    /** Waits until the transfer has moved data (job info) while perform still runs. */
    private static DomainJobInfo awaitTransfer(Host src, DomainRef ref, CompletableFuture<byte[]> perform)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            assertThat(perform).as("perform still running").isNotDone();
            DomainJobInfo info = src.spi.domainJobInfo(ref);
            if (info.type() == DomainJobType.UNBOUNDED && info.dataProcessed() > 0) {
                return info;
            }
            assertThat(System.nanoTime()).as("the transfer within 60 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private ProcessHandle onlyProcess() {
        List<ProcessHandle> ps = guests.processesOf(uuid);
        assertThat(ps).hasSize(1);
        return ps.get(0);
    }

    private void assertSourceLeftClean(Host src) throws IOException {
        assertThat(files(src.runtime())).as("runtime dir of %s", src).isEmpty();
    }

    private void assertDestinationLeftClean(Host dst) throws Exception {
        // the destination's QEMU is gone and so is its transient domain, or (A) the kept definition is inactive
        QemuGuests.await(() -> dst.pub.listAllDomains().stream().noneMatch(Domain::isActive));
        if (dst == a) {
            assertThat(a.pub.lookupDomainByName(NAME).isActive()).isFalse();
        } else {
            assertThat(b.pub.listAllDomains()).extracting(Domain::name).doesNotContain(NAME);
        }
        assertThat(files(dst.runtime())).as("runtime dir of %s", dst).isEmpty();
        // its ports are free again
        for (int p = dst.settings.migration().portMin(); p <= dst.settings.migration().portMax(); p++) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(p));
            }
        }
    }

    /** The guest runs on {@code h}: its counter goes past {@code before}, and its RAM file is there. */
    private void assertRunsOn(Host h, int before) throws Exception {
        Domain d = h.pub.lookupDomainByName(NAME);
        assertThat(d.isActive()).isTrue();
        StringBuffer out = new StringBuffer();
        try (ConsoleStream console = d.openConsole(null)) {
            pump(console, out);
            waitForCountAbove(out, before, 60);
            type(console, "cat /tmp/proof");
            waitFor(out, "proof-42", 60);
        }
    }

    /** The last count the guest printed, read on {@code h}'s console. */
    private int lastCount(Host h) throws Exception {
        StringBuffer out = new StringBuffer();
        try (ConsoleStream console = h.pub.lookupDomainByName(NAME).openConsole(null)) {
            pump(console, out);
            waitFor(out, COUNT, 60);
            return maxCount(out);
        }
    }

    private static int maxCount(StringBuffer out) {
        Matcher m = COUNT.matcher(out.toString());
        int max = -1;
        while (m.find()) {
            max = Math.max(max, Integer.parseInt(m.group(1)));
        }
        return max;
    }

    private static void waitForCountAbove(StringBuffer out, int before, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (maxCount(out) <= before) {
            assertThat(System.nanoTime()).as("COUNT above %d on the console; got:%n%s", before, out)
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static void waitFor(StringBuffer out, Object marker, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!(marker instanceof Pattern p ? p.matcher(out).find() : out.toString().contains((String) marker))) {
            assertThat(System.nanoTime()).as("'%s' on the console; got:%n%s", marker, out).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static void type(ConsoleStream console, String line) throws IOException {
        console.output().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        console.output().flush();
    }

    private static void pump(ConsoleStream console, StringBuffer out) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[4096];
            try {
                InputStream in = console.input();
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // console closed
            }
        }, "console-reader");
        t.setDaemon(true);
        t.start();
    }

    /** A connection factory opening what {@code open} gives (the remote client driver's part, in this JVM). */
    private static ConnectionFactory factory(java.util.function.Function<io.virtkit.api.ConnectRequest, Connection> open) {
        return new ConnectionFactory() {
            @Override
            public Connection open(io.virtkit.api.ConnectRequest request) {
                return open.apply(request);
            }

            @Override
            public List<io.virtkit.api.DriverInfo> drivers() {
                return List.of();
            }
        };
    }
}
