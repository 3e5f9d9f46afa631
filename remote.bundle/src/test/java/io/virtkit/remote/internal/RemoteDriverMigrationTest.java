package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.ConnectRequest;
import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainJobStats;
import io.virtkit.api.DomainJobType;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.MigrateFlag;
import io.virtkit.api.MigrationParams;
import io.virtkit.api.VirtException;
import io.virtkit.core.internal.DefaultConnectionFactory;
import io.virtkit.remote.internal.client.RemoteDriver;

/**
 * Virtkit's own client (the remote driver, under core's managed migration) migrating between two Virtkit daemons,
 * each serving the recording {@link MigrationStandIn} host over loopback TCP: every protocol step, job poll and
 * abort goes over the wire as libvirt's client sends it, cookies relayed unchanged. What the QEMU driver's
 * peer-to-peer perform does with the destination (open it through the factory, prepare, finish) is the direct mode's
 * destination half seen here.
 */
class RemoteDriverMigrationTest {
    private static final String GUEST_XML = """
            <domain type='test'>
              <name>vkrpcclient-mig</name>
              <memory>65536</memory>
              <vcpu>1</vcpu>
              <os><type>hvm</type></os>
            </domain>
            """;

    private final MigrationStandIn standIn = new MigrationStandIn();
    private final List<VirtkitTestDaemon> daemons = new ArrayList<>();
    private final List<Connection> opened = new ArrayList<>();
    private final DefaultConnectionFactory client = new DefaultConnectionFactory()
            .withHypervisorDriver(new RemoteDriver());
    private String uriA;
    private String uriB;

    @BeforeEach
    void start() throws IOException {
        uriA = "test+tcp://127.0.0.1:" + serve(standIn.a) + "/default";
        uriB = "test+tcp://127.0.0.1:" + serve(standIn.b) + "/default";
        try (Connection a = standIn.a.direct()) {
            a.createDomain(GUEST_XML);
        }
    }

    @AfterEach
    void stop() {
        CountDownLatch hold = standIn.holdPerform;
        if (hold != null) {
            hold.countDown();
        }
        opened.forEach(Connection::close);
        daemons.forEach(VirtkitTestDaemon::close);
    }

    private int serve(MigrationStandIn.Host host) throws IOException {
        VirtkitTestDaemon daemon = VirtkitTestDaemon.start(null, host, null);
        daemons.add(daemon);
        return daemon.tcpPort();
    }

    private Connection open(String uri) {
        Connection c = client.open(ConnectRequest.to(uri));
        opened.add(c);
        return c;
    }

    @Test
    void aManagedMigrationRunsEveryStepOverTheWireWithTheCookiesRelayed() {
        Connection a = open(uriA);
        Connection b = open(uriB);
        assertThat(a.supportsMigration()).isTrue();
        assertThat(b.supportsMigration()).isTrue();

        Domain moved = a.lookupDomainByName("vkrpcclient-mig").migrate(b, MigrationParams.NONE, MigrateFlag.LIVE);

        assertThat(standIn.order()).containsExactly("A:begin", "B:prepare", "A:perform", "B:finish", "A:confirm");
        // the destination daemon named the address this client reached it on (contract 3)
        assertThat(standIn.step("B", "prepare").params().uri()).isEqualTo("tcp://127.0.0.1");
        assertThat(standIn.step("B", "prepare").cookieIn()).isEqualTo("begin-cookie-from-A");
        assertThat(standIn.step("A", "perform").cookieIn()).isEqualTo("prepare-cookie-from-B");
        assertThat(standIn.step("A", "perform").params().uri()).isEqualTo("tcp:127.0.0.1:49152");
        assertThat(standIn.step("B", "finish").cookieIn()).isEqualTo("perform-cookie-from-A");
        assertThat(standIn.step("A", "confirm").cookieIn()).isEqualTo("finish-cookie-from-B");
        assertThat(standIn.step("A", "perform").flags() & MigrateFlag.LIVE.bit()).isNotZero();
        assertThat(moved.connection()).isSameAs(b);
        assertThat(b.lookupDomainByName("vkrpcclient-mig").isActive()).isTrue();
        assertThatThrownBy(() -> a.lookupDomainByName("vkrpcclient-mig"))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_DOMAIN));
    }

    @Test
    void peerToPeerHandsTheDestinationUriToTheSourcesPerform() {
        Connection a = open(uriA);
        a.lookupDomainByName("vkrpcclient-mig").migrateToUri(uriB, MigrationParams.NONE, MigrateFlag.LIVE,
                MigrateFlag.PEER2PEER);
        assertThat(standIn.step("A", "perform").dconnuri()).isEqualTo(uriB);
        assertThat(standIn.step("A", "perform").flags() & MigrateFlag.PEER2PEER.bit()).isNotZero();
    }

    @Test
    void aPerformInProgressLeavesTheConnectionFreeForJobPollsAndTheAbortWhoseErrorComesBackVerbatim()
            throws Exception {
        standIn.holdPerform = new CountDownLatch(1);
        Connection a = open(uriA);
        Connection b = open(uriB);
        Domain guest = a.lookupDomainByName("vkrpcclient-mig");
        CompletableFuture<Domain> migration = CompletableFuture.supplyAsync(
                () -> guest.migrate(b, MigrationParams.NONE, MigrateFlag.LIVE));
        assertThat(standIn.performEntered.await(60, TimeUnit.SECONDS)).isTrue();

        // the same connection that waits for the perform's reply carries these
        assertThat(guest.jobInfo().type()).isEqualTo(DomainJobType.UNBOUNDED);
        assertThat(guest.jobInfo().dataTotal()).isEqualTo(3L << 20);
        DomainJobStats stats = guest.jobStats(false);
        assertThat(stats.type()).isEqualTo(DomainJobType.UNBOUNDED);
        assertThat(stats.fields()).containsEntry("operation", DomainJobStats.OPERATION_MIGRATION_OUT)
                .containsEntry("data_total", 3L << 20);
        guest.abortJob();

        assertThatThrownBy(() -> migration.get(60, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_ABORTED);
                    assertThat(e.getMessage()).isEqualTo("operation aborted: migration out job: canceled by client");
                });
        assertThat(standIn.abortCalls).hasValue(1);
        assertThat(standIn.jobInfoDuringPerform.get()).isGreaterThanOrEqualTo(2);
    }
}
