package io.virtkit.qemu.internal;

import static io.virtkit.qemu.internal.QemuGuests.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.MigrateFlag;
import io.virtkit.api.MigrationParams;
import io.virtkit.api.MigrationPrepared;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.driver.MigrationFinish;
import io.virtkit.api.driver.OpenRequest;

/**
 * The destination's prepare on its own (a source's cookie written here, a small guest that only needs to start):
 * where it listens, and that every way an incoming migration can end without a guest leaves nothing behind.
 */
class QemuMigrationPrepareTest {

    private static final UUID SOURCE_HOST = UUID.fromString("5a5a5a5a-0000-4000-8000-000000000001");
    private static final long LIVE = MigrateFlag.LIVE.bit();

    @TempDir
    Path tmp;

    private final QemuGuests guests = new QemuGuests();
    private QemuDriver driver;
    private QemuDriverSettings settings;
    private Connection pub;
    private BlockingQueue<DomainEventDetail> events;

    private HypervisorConnection open(QemuMigrationSettings migration) {
        settings = QemuDriverSettings.forTests(QemuGuests.EMULATOR, tmp).withMigration(migration);
        driver = new QemuDriver(settings);
        pub = QemuGuests.open(driver, "qemu:///session");
        events = QemuGuests.events(pub);
        return spi();
    }

    private HypervisorConnection spi() {
        return driver.open(OpenRequest.of("qemu:///session"), QemuGuests.NO_EVENTS).orElseThrow();
    }

    private static QemuMigrationSettings migration() {
        return QemuMigrationSettings.defaults().withHostUuid(UUID.randomUUID()).withPorts(49420, 49424);
    }

    @AfterEach
    void tearDown() {
        if (driver != null) {
            QemuGuests.stop(driver);
        }
        guests.killAll();
    }

    /** What a source's begin sends: its cookie with the domain XML. */
    private byte[] cookieFor(String xml) {
        io.virtkit.model.domain.DomainDefinition def = io.virtkit.model.domain.DomainXmlCodec.parse(xml);
        return new QemuMigrationCookie(def.name(), def.uuid(), "source", SOURCE_HOST, xml, null).toBytes();
    }

    private void assertNothingLeft(String name) throws Exception {
        QemuGuests.await(() -> pub.listAllDomains().stream().noneMatch(d -> d.name().equals(name)));
        assertThat(guests.leftovers()).isEmpty();
        assertThat(files(settings.session().runtime())).isEmpty();
    }

    @Test
    void anIncomingMigrationNobodySendsIsStoppedAfterThePrepareTimeout() throws Exception {
        HypervisorConnection spi = open(migration().withPrepareTimeout(Duration.ofSeconds(2)));
        String xml = guests.xml("unclaimed");
        MigrationPrepared prepared = spi.migratePrepare(MigrationParams.NONE.withUri("tcp://127.0.0.1"),
                cookieFor(xml), LIVE);
        assertThat(prepared.uri()).isEqualTo("tcp:127.0.0.1:49420");
        Domain d = pub.lookupDomainByName("unclaimed");
        assertThat(d.state()).isEqualTo(DomainStateInfo.of(DomainStateReason.PAUSED_MIGRATION));
        assertThat(d.isPersistent()).isFalse();
        assertThat(QemuGuests.next(events)).isEqualTo(DomainEventDetail.STARTED_MIGRATED);
        assertThat(QemuGuests.next(events)).isEqualTo(DomainEventDetail.STOPPED_FAILED);
        assertNothingLeft("unclaimed");
        // its port is handed out again
        assertThat(spi.migratePrepare(MigrationParams.NONE.withUri("tcp://127.0.0.1"), cookieFor(guests.xml("next")),
                LIVE).uri()).isEqualTo("tcp:127.0.0.1:49420");
    }

    @Test
    void closingThePreparingConnectionOrACancelledFinishStopsTheIncomingGuest() throws Exception {
        HypervisorConnection spi = open(migration().withHost("127.0.0.1"));
        HypervisorConnection preparing = spi();
        // no migrate_uri (a UNIX-socket client): the configured migrationHost
        MigrationPrepared prepared = preparing.migratePrepare(MigrationParams.NONE, cookieFor(guests.xml("owned")),
                LIVE);
        assertThat(prepared.uri()).startsWith("tcp:127.0.0.1:494");
        preparing.close();
        assertNothingLeft("owned");

        byte[] cookie = cookieFor(guests.xml("cancelled"));
        spi.migratePrepare(MigrationParams.NONE, cookie, LIVE);
        MigrationFinish finish = spi.migrateFinish(MigrationParams.NONE, cookie, LIVE, true);
        assertThat(finish.domain()).isNull();
        assertNothingLeft("cancelled");
        // a second cancelled finish finds nothing to undo
        assertThat(spi.migrateFinish(MigrationParams.NONE, cookie, LIVE, true).domain()).isNull();
        assertThatThrownBy(() -> spi.migrateFinish(MigrationParams.NONE, cookie, LIVE, false))
                .isInstanceOf(VirtException.class).hasMessageContaining("no domain with matching uuid");
    }

    @Test
    void aNameOfAnotherDomainOrNoFreePortIsRefusedAndLeavesNothing() throws Exception {
        HypervisorConnection spi = open(migration().withPorts(49425, 49425));
        Domain other = pub.defineDomain(guests.xml("taken"));
        String clash = guests.xml("taken");
        assertThatThrownBy(() -> spi.migratePrepare(MigrationParams.NONE.withUri("tcp://127.0.0.1"),
                cookieFor(clash), LIVE)).isInstanceOf(VirtException.class)
                .hasMessageContaining("domain 'taken' already exists with uuid " + other.uuid());
        assertThat(pub.listAllDomains()).extracting(Domain::uuid).containsExactly(other.uuid());
        try (ServerSocket busy = new ServerSocket()) {
            busy.setReuseAddress(true);
            busy.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 49425));
            assertThatThrownBy(() -> spi.migratePrepare(MigrationParams.NONE.withUri("tcp://127.0.0.1"),
                    cookieFor(guests.xml("noport")), LIVE)).isInstanceOf(VirtException.class)
                    .hasMessage("internal error: Unable to find an unused port in range 'migration' (49425-49425)");
        }
        assertThat(pub.listAllDomains()).extracting(Domain::name).containsExactly("taken");
        assertThat(guests.leftovers()).isEmpty();
    }

    @Test
    void anIncomingMigrationTheDaemonNeverFinishedIsStoppedWhenTheNextDaemonStarts() throws Exception {
        HypervisorConnection spi = open(migration());
        spi.migratePrepare(MigrationParams.NONE.withUri("tcp://127.0.0.1"), cookieFor(guests.xml("orphan")), LIVE);
        assertThat(guests.leftovers()).hasSize(1);
        QemuGuests.stop(driver); // the daemon goes; its guests stay for the next one
        assertThat(guests.leftovers()).hasSize(1);
        open(migration());
        driver.state(settings.session()).activation().get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertNothingLeft("orphan");
    }
}
