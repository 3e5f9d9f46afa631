package io.virtkit.xen.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.virtkit.api.DomainEventDetail;
import io.virtkit.xen.internal.XenDomainChanges.Change;
import io.virtkit.xen.internal.XenDomainChanges.DaemonLog;
import io.virtkit.xen.internal.XenDomainChanges.DaemonReport;
import io.virtkit.xen.internal.toolstack.XlListing;

/** Snapshots of a host's domains to libvirt's events, without a host. */
class XenDomainChangesTest {

    private static final UUID ZERO = new UUID(0, 0);
    private static final UUID A = UUID.fromString("11111111-2222-3333-4444-555555555555");
    private static final XenDomain DOM0 = new XenDomain("Domain-0", ZERO, row("Domain-0", 0, "r-----", 9.0, ZERO),
            null, false, false);

    private final XenDomainChanges changes = new XenDomainChanges();
    private final Map<Integer, DaemonLog> logs = new HashMap<>();
    private final List<Map<Integer, String>> asked = new ArrayList<>();
    private boolean xlBuilding;
    private long clock;

    private static XlListing row(String name, int id, String flags, double cpu, UUID uuid) {
        return new XlListing(name, id, 128, 1, flags, cpu, uuid);
    }

    private static XenDomain running(int id, String flags, double cpu, String definition) {
        return new XenDomain("vk-a", A, row("vk-a", id, flags, cpu, A), definition, false, false);
    }

    private static XenDomain defined(String definition) {
        return new XenDomain("vk-a", A, null, definition, false, false);
    }

    private List<DomainEventDetail> next(XenDomain... domains) {
        List<XenDomain> now = new ArrayList<>(List.of(DOM0));
        now.addAll(List.of(domains));
        clock += 1_000_000_000L;
        return changes.update(now, ids -> {
            asked.add(ids);
            return new DaemonReport(Map.copyOf(logs), xlBuilding);
        }, clock).stream().map(Change::detail).toList();
    }

    @Test
    void theFirstSnapshotIsTheBaseline() {
        assertThat(next(running(3, "-b----", 2.0, "<domain/>"))).isEmpty();
        assertThat(next(running(3, "-b----", 2.1, "<domain/>"))).isEmpty();
        assertThat(asked).isEmpty();
    }

    @Test
    void aDomainStartedPausedResumedAndDestroyed() {
        next();
        assertThat(next(running(3, "r-----", 0.5, null))).containsExactly(DomainEventDetail.STARTED_BOOTED);
        assertThat(next(running(3, "--p---", 0.9, null))).isEmpty(); // a pause is held back one snapshot
        assertThat(next(running(3, "--p---", 0.9, null))).containsExactly(DomainEventDetail.SUSPENDED_PAUSED);
        assertThat(next(running(3, "-b----", 1.0, null))).containsExactly(DomainEventDetail.RESUMED_UNPAUSED);
        assertThat(next()).containsExactly(DomainEventDetail.STOPPED_DESTROYED);
        assertThat(asked).containsExactly(Map.of(3, "vk-a"));
    }

    @Test
    void aPauseSeenWhileXlTearsADomainDownIsNoPause() {
        next();
        assertThat(next(running(3, "r-----", 0.5, null))).containsExactly(DomainEventDetail.STARTED_BOOTED);
        assertThat(next(running(3, "--p---", 0.9, null))).isEmpty();
        assertThat(next()).containsExactly(DomainEventDetail.STOPPED_DESTROYED);
    }

    @Test
    void aDomainXlStillBuildsIsAnnouncedWhenItRuns() {
        next();
        assertThat(next(running(4, "--p---", 0.0, null))).isEmpty();
        assertThat(next(running(4, "--p---", 0.0, null))).isEmpty();
        assertThat(next(running(4, "-b----", 0.2, null))).containsExactly(DomainEventDetail.STARTED_BOOTED);
        assertThat(next(running(4, "-b----", 0.3, null))).isEmpty();
    }

    @Test
    void aDomainCreatedPausedIsAnnouncedOnceXlsDaemonWaitsForIt() {
        next();
        assertThat(next(running(4, "--p---", 0.0, null))).isEmpty();
        logs.put(4, new DaemonLog(true, -1));
        // the log is read after the listing: its word is trusted for a row listed after it
        assertThat(next(running(4, "--p---", 0.0, null))).isEmpty();
        assertThat(next(running(4, "--p---", 0.0, null))).containsExactly(DomainEventDetail.STARTED_BOOTED,
                DomainEventDetail.SUSPENDED_PAUSED);
        assertThat(next(running(4, "r-----", 0.1, null))).containsExactly(DomainEventDetail.RESUMED_UNPAUSED);
    }

    @Test
    void aDomainXlBuildsForMinutesIsNeverTakenForAPausedOne() {
        next();
        xlBuilding = true; // a slow create on a busy host: the domain stays paused and never ran meanwhile
        for (int second = 0; second < 200; second++) {
            assertThat(next(running(4, "--p---", 0.0, null))).isEmpty();
        }
        xlBuilding = false;
        assertThat(next(running(4, "r-----", 0.1, null))).containsExactly(DomainEventDetail.STARTED_BOOTED);
    }

    @Test
    void aDomainLeftPausedWithoutXlsWordIsAnnouncedPausedOnceNoXlBuildsForTheGrace() {
        next();
        xlBuilding = true;
        assertThat(next(running(4, "--p---", 0.0, null))).isEmpty();
        xlBuilding = false; // from here on nobody builds it: after the grace it is a paused domain
        long grace = XenDomainChanges.BUILD_GRACE_NANOS / 1_000_000_000L;
        for (int second = 0; second < grace; second++) {
            assertThat(next(running(4, "--p---", 0.0, null))).isEmpty();
        }
        assertThat(next(running(4, "--p---", 0.0, null))).containsExactly(DomainEventDetail.STARTED_BOOTED,
                DomainEventDetail.SUSPENDED_PAUSED);
    }

    @Test
    void aCreateFinishedBetweenTheListingAndTheLogReadIsNoPause() {
        next();
        assertThat(next(running(4, "--p---", 0.0, null))).isEmpty();
        // listed paused while xl built it; xl unpaused it and logged the create before its log was read
        logs.put(4, new DaemonLog(true, -1));
        assertThat(next(running(4, "--p---", 0.0, null))).isEmpty();
        assertThat(next(running(4, "r-----", 0.3, null))).containsExactly(DomainEventDetail.STARTED_BOOTED);
        assertThat(next(running(4, "-b----", 0.4, null))).isEmpty();
    }

    @Test
    void aCreateThatFailedIsNotReported() {
        next();
        assertThat(next(running(5, "--p---", 0.0, null))).isEmpty();
        assertThat(next()).isEmpty();
    }

    @Test
    void howADomainEndedComesFromItsFlagsOrXlsLog() {
        next();
        next(running(3, "-b----", 1.0, null));
        assertThat(next(running(3, "---s--", 1.2, null))).isEmpty();
        assertThat(next()).containsExactly(DomainEventDetail.STOPPED_SHUTDOWN);

        next(running(6, "-b----", 1.0, null));
        assertThat(next(running(6, "----c-", 1.2, null))).isEmpty();
        assertThat(next()).containsExactly(DomainEventDetail.STOPPED_CRASHED);

        next(running(7, "-b----", 1.0, null));
        logs.put(7, new DaemonLog(true, 0));
        assertThat(next()).containsExactly(DomainEventDetail.STOPPED_SHUTDOWN);
        next(running(8, "-b----", 1.0, null));
        logs.put(8, new DaemonLog(true, XenDomainChanges.REASON_CRASH));
        assertThat(next()).containsExactly(DomainEventDetail.STOPPED_CRASHED);
    }

    @Test
    void aRebootBetweenTwoPollsStopsAndStartsIt() {
        next();
        next(running(3, "-b----", 1.0, null));
        logs.put(3, new DaemonLog(true, 1));
        assertThat(next(running(9, "r-----", 0.1, null))).containsExactly(DomainEventDetail.STOPPED_SHUTDOWN,
                DomainEventDetail.STARTED_BOOTED);
    }

    @Test
    void definitionsAddedUpdatedAndRemovedAroundARun() {
        next();
        assertThat(next(defined("<domain>1</domain>"))).containsExactly(DomainEventDetail.DEFINED_ADDED);
        assertThat(next(defined("<domain>1</domain>"))).isEmpty();
        assertThat(next(defined("<domain>2</domain>"))).containsExactly(DomainEventDetail.DEFINED_UPDATED);
        assertThat(next(running(3, "r-----", 0.4, "<domain>2</domain>")))
                .containsExactly(DomainEventDetail.STARTED_BOOTED);
        assertThat(next(running(3, "r-----", 0.5, null))).containsExactly(DomainEventDetail.UNDEFINED_REMOVED);
        assertThat(next()).containsExactly(DomainEventDetail.STOPPED_DESTROYED);
    }

    @Test
    void definedAndStartedBetweenTwoPollsIsReportedInThatOrder() {
        next();
        assertThat(next(running(3, "r-----", 0.4, "<domain/>"))).containsExactly(DomainEventDetail.DEFINED_ADDED,
                DomainEventDetail.STARTED_BOOTED);
        assertThat(next()).containsExactly(DomainEventDetail.STOPPED_DESTROYED, DomainEventDetail.UNDEFINED_REMOVED);
    }

    @Test
    void xlsDaemonLogIsReadPerDomainId() {
        String output = "@@VIRTKIT-DOMID 3\nWaiting for domain vk-a (domid 3) to die [pid 812]\n"
                + "Domain 3 has shut down, reason code 0 0x0\n@@VIRTKIT-DOMID 4\n"
                + "Waiting for domain vk-b (domid 4) to die [pid 900]\n@@VIRTKIT-DOMID 5\n@@VIRTKIT-XL-BUILDING yes\n";
        DaemonReport report = XlDaemonLogs.parse(output);
        assertThat(report.logs()).containsOnly(Map.entry(3, new DaemonLog(true, 0)),
                Map.entry(4, new DaemonLog(true, -1)));
        assertThat(report.xlBuilding()).isTrue();
        assertThat(XlDaemonLogs.parse("@@VIRTKIT-DOMID 5\n@@VIRTKIT-XL-BUILDING no\n").xlBuilding()).isFalse();
    }
}
