package io.virtkit.xen.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.xen.internal.toolstack.XlListing;

/**
 * Turns successive snapshots of a Xen host's domains ({@link XenInventory#all()}) into libvirt's lifecycle events,
 * whoever made the change. What was last seen is kept here; the first snapshot is the baseline (nothing reported).
 *
 * <p>Running domains: a new one is STARTED_BOOTED (and SUSPENDED_PAUSED when it stays paused), the {@code p} flag
 * coming and going SUSPENDED_PAUSED / RESUMED_UNPAUSED, one that is gone STOPPED_SHUTDOWN when it was seen shut
 * down ({@code s}) or xl's daemon logged a shutdown for it, STOPPED_CRASHED when seen crashed ({@code c}) or
 * logged with the crash reason, STOPPED_SAVED for the suspend reason ({@code xl save}), else STOPPED_DESTROYED.
 * A domain xl is still building is paused and has never run: it is announced only when it runs, or, still paused,
 * once xl's daemon logged that the create finished before the domain was listed paused ({@code xl create -p}) or when it stayed so for
 * {@link #BUILD_GRACE_NANOS} while no {@code xl create} (restore, migrate-receive) ran on the host — a create can
 * take minutes on a busy host, so time alone says nothing; one that vanishes before (a create that failed) is not
 * reported. Definitions: a new file DEFINED_ADDED, a changed
 * one DEFINED_UPDATED, a removed one UNDEFINED_REMOVED.
 */
final class XenDomainChanges {

    /**
     * How long a paused domain that never ran must stay so while no xl builds a domain before it is announced as
     * paused without xl's word (a domain made paused by a toolstack that keeps no daemon log).
     */
    static final long BUILD_GRACE_NANOS = 30_000_000_000L;
    /** xl's shutdown reason codes (libxl_shutdown_reason). */
    static final int REASON_SUSPEND = 2;
    static final int REASON_CRASH = 3;

    /** One reported change. */
    record Change(DomainRef domain, DomainEventDetail detail) {
    }

    /** What xl's per-domain daemon logged about a domain id: the create finished; its shutdown reason, or -1. */
    record DaemonLog(boolean created, int shutdownReason) {
        static final DaemonLog NONE = new DaemonLog(false, -1);
    }

    /**
     * What xl's daemon logged about some domain ids (ids it has nothing for are absent), and whether an
     * {@code xl create}, {@code restore} or {@code migrate-receive} was building a domain on the host then.
     */
    record DaemonReport(Map<Integer, DaemonLog> logs, boolean xlBuilding) {
        static final DaemonReport NONE = new DaemonReport(Map.of(), false);

        DaemonLog of(int id) {
            return logs.getOrDefault(id, DaemonLog.NONE);
        }
    }

    /** Reads xl's daemon logs of the given domains (id to name) and whether xl builds a domain, in one round trip. */
    interface DaemonLogs {
        DaemonReport read(Map<Integer, String> namesById);
    }

    /**
     * What was last seen of a running domain; for one not announced yet: {@code idleSinceNanos}, since when no xl
     * has been seen building a domain (-1: one was at the last look), and {@code createdLogged}, whether xl's daemon
     * had logged its create finished at the last look.
     */
    private record Live(String name, int id, boolean paused, boolean shutdown, boolean crashed, boolean announced,
            long idleSinceNanos, boolean createdLogged, boolean pausePending) {
        DomainRef stoppedRef(UUID uuid) {
            return new DomainRef(name, uuid, -1);
        }
    }

    private final Map<UUID, Live> live = new HashMap<>();
    private final Map<UUID, XenDomain> defined = new HashMap<>();
    private boolean baseline = true;

    /** The changes from the last snapshot to {@code now}, in the order they are to be reported. */
    List<Change> update(List<XenDomain> now, DaemonLogs logs, long nowNanos) {
        Map<UUID, XenDomain> byUuid = new LinkedHashMap<>();
        for (XenDomain d : now) {
            if (!d.isDom0()) {
                byUuid.putIfAbsent(d.uuid(), d);
            }
        }
        List<Change> changes = new ArrayList<>();
        if (baseline) {
            baseline = false;
            byUuid.forEach((uuid, d) -> {
                if (d.active()) {
                    live.put(uuid, seen(d.live(), true, -1, false, null));
                }
                if (d.definition() != null) {
                    defined.put(uuid, d);
                }
            });
            return changes;
        }
        DaemonReport log = logs(byUuid, logs);
        for (Map.Entry<UUID, Live> e : List.copyOf(live.entrySet())) {
            XenDomain d = byUuid.get(e.getKey());
            if (d == null || !d.active() || d.id() != e.getValue().id()) {
                stopped(e.getKey(), e.getValue(), log, changes);
            }
        }
        for (Map.Entry<UUID, XenDomain> e : byUuid.entrySet()) {
            UUID uuid = e.getKey();
            XenDomain d = e.getValue();
            XenDomain definedBefore = defined.get(uuid);
            if (d.definition() != null) {
                if (definedBefore == null) {
                    changes.add(new Change(d.ref(), DomainEventDetail.DEFINED_ADDED));
                } else if (!Objects.equals(definedBefore.definition(), d.definition())) {
                    changes.add(new Change(d.ref(), DomainEventDetail.DEFINED_UPDATED));
                }
                defined.put(uuid, d);
            }
            if (d.active()) {
                running(uuid, d, log, nowNanos, changes);
            }
        }
        for (Map.Entry<UUID, XenDomain> e : List.copyOf(defined.entrySet())) {
            XenDomain d = byUuid.get(e.getKey());
            if (d == null || d.definition() == null) {
                defined.remove(e.getKey());
                XenDomain gone = e.getValue();
                changes.add(new Change(d != null ? d.ref() : new DomainRef(gone.name(), gone.uuid(), -1),
                        DomainEventDetail.UNDEFINED_REMOVED));
            }
        }
        return changes;
    }

    /** One round trip for the domains whose story only xl's daemon log tells; none when there are none. */
    private DaemonReport logs(Map<UUID, XenDomain> byUuid, DaemonLogs logs) {
        Map<Integer, String> wanted = new LinkedHashMap<>();
        live.forEach((uuid, seen) -> {
            XenDomain d = byUuid.get(uuid);
            boolean gone = d == null || !d.active() || d.id() != seen.id();
            if (gone && seen.announced() && !seen.shutdown() && !seen.crashed()) {
                wanted.put(seen.id(), seen.name());
            }
        });
        byUuid.forEach((uuid, d) -> {
            Live seen = live.get(uuid);
            boolean known = seen != null && seen.id() == d.id();
            if (d.active() && !(known && seen.announced()) && building(d.live())) {
                wanted.put(d.id(), d.name());
            }
        });
        return wanted.isEmpty() ? DaemonReport.NONE : logs.read(wanted);
    }

    private void stopped(UUID uuid, Live seen, DaemonReport log, List<Change> changes) {
        live.remove(uuid);
        if (!seen.announced()) {
            return; // never reported as started: a create that failed, or a domain that came and went unseen
        }
        int reason = log.of(seen.id()).shutdownReason();
        DomainEventDetail detail;
        if (seen.crashed() || reason == REASON_CRASH) {
            detail = DomainEventDetail.STOPPED_CRASHED;
        } else if (reason == REASON_SUSPEND) {
            detail = DomainEventDetail.STOPPED_SAVED;
        } else if (seen.shutdown() || reason >= 0) {
            detail = DomainEventDetail.STOPPED_SHUTDOWN;
        } else {
            detail = DomainEventDetail.STOPPED_DESTROYED;
        }
        changes.add(new Change(seen.stoppedRef(uuid), detail));
    }

    private void running(UUID uuid, XenDomain d, DaemonReport log, long nowNanos, List<Change> changes) {
        XlListing row = d.live();
        Live before = live.get(uuid);
        if (before == null) {
            before = new Live(row.name(), row.id(), row.paused(), false, false, false, -1, false, false);
        }
        if (!before.announced()) {
            long idleSince = log.xlBuilding() ? -1 : before.idleSinceNanos() >= 0 ? before.idleSinceNanos() : nowNanos;
            // xl's log is read after the listing: a create it logs as finished now may have unpaused the domain since
            // this row was listed; one logged by an earlier look was finished before this row, paused, was listed
            boolean announce = !row.ending() && (!building(row) || before.createdLogged()
                    || idleSince >= 0 && nowNanos - idleSince >= BUILD_GRACE_NANOS);
            live.put(uuid, seen(row, announce, idleSince, log.of(row.id()).created(), before));
            if (announce) {
                changes.add(new Change(d.ref(), DomainEventDetail.STARTED_BOOTED));
                if (row.paused()) {
                    changes.add(new Change(d.ref(), DomainEventDetail.SUSPENDED_PAUSED));
                }
            }
            return;
        }
        Live now = seen(row, true, -1, false, before);
        if (!row.ending() && row.paused() && !before.paused() && !before.pausePending()) {
            // held back one snapshot: xl pauses a domain it tears down a moment before it is gone (a shutdown seen
            // mid-teardown is no pause); a pause that lasts is reported by the next snapshot
            live.put(uuid, new Live(now.name(), now.id(), false, now.shutdown(), now.crashed(), true,
                    -1, false, true));
            return;
        }
        live.put(uuid, now);
        if (row.ending() || row.paused() == before.paused()) {
            return;
        }
        changes.add(new Change(d.ref(), row.paused() ? DomainEventDetail.SUSPENDED_PAUSED
                : DomainEventDetail.RESUMED_UNPAUSED));
    }

    /** Paused and never ran: how a domain looks while {@code xl create} builds it (and after {@code xl create -p}). */
    private static boolean building(XlListing row) {
        return row.paused() && row.cpuSeconds() == 0 && !row.ending();
    }

    private static Live seen(XlListing row, boolean announced, long idleSinceNanos, boolean createdLogged,
            Live before) {
        boolean shutdown = row.stateFlags().indexOf('s') >= 0 || before != null && before.shutdown();
        boolean crashed = row.crashed() || before != null && before.crashed();
        // a dying domain is listed as "(null)" a moment: it keeps the name it had
        String name = before != null && row.name().equals("(null)") ? before.name() : row.name();
        return new Live(name, row.id(), row.paused(), shutdown, crashed, announced, idleSinceNanos, createdLogged,
                false);
    }
}
