package io.virtkit.cluster.internal.guests;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;

import io.virtkit.api.cluster.ClusterEventType;
import io.virtkit.api.cluster.ClusterGuest;
import io.virtkit.cluster.internal.ClusterEventBus;
import io.virtkit.cluster.internal.zk.ClusterSession;
import io.virtkit.cluster.internal.zk.ZkJson;
import io.virtkit.cluster.internal.zk.ZkPaths;
import io.virtkit.cluster.internal.zk.ZkResources;
import io.virtkit.cluster.internal.zk.records.GuestRecord;
import io.virtkit.cluster.internal.zk.records.LeaseRecord;

/**
 * The local copy of /guests and /leases (Curator caches): answers reads while the ensemble is unreachable (the last
 * known state) and publishes the guests' events cluster-wide: GUEST_DEFINED, GUEST_UNDEFINED, GUEST_STARTED (a lease
 * taken), GUEST_STOPPED (a lease given up).
 */
final class GuestCache implements AutoCloseable {
    private final ClusterSession session;
    private final CuratorCache guests;
    private final CuratorCache leases;
    /** The first load of each cache is what was there before: no events for it. */
    private volatile boolean guestsLoaded;
    private volatile boolean leasesLoaded;

    GuestCache(ClusterSession session, ClusterEventBus bus) {
        this.session = session;
        this.guests = CuratorCache.build(session.curator(), ZkPaths.GUESTS);
        this.leases = CuratorCache.build(session.curator(), ZkPaths.LEASES);
        guests.listenable().addListener(CuratorCacheListener.builder()
                .forCreatesAndChanges((old, now) -> {
                    if (guestsLoaded && (old == null || redefined(old, now))) {
                        child(now, ZkPaths.GUESTS).ifPresent(
                                n -> bus.publish(ClusterEventType.GUEST_DEFINED, null, n, ""));
                    }
                })
                .forDeletes(old -> child(old, ZkPaths.GUESTS).ifPresent(
                        n -> bus.publish(ClusterEventType.GUEST_UNDEFINED, null, n, "")))
                .forInitialized(() -> guestsLoaded = true)
                .build());
        leases.listenable().addListener(CuratorCacheListener.builder()
                .forCreates(now -> {
                    if (leasesLoaded) {
                        lease(now, ClusterEventType.GUEST_STARTED, bus);
                    }
                })
                .forDeletes(old -> lease(old, ClusterEventType.GUEST_STOPPED, bus))
                .forInitialized(() -> leasesLoaded = true)
                .build());
        guests.start();
        leases.start();
    }

    /** A new definition or HA mark; wantedRunning flipping by a start or stop is no redefinition. */
    private static boolean redefined(ChildData old, ChildData now) {
        if (old.getData() == null || now.getData() == null) {
            return true;
        }
        GuestRecord before = ZkJson.read(old.getData(), GuestRecord.class);
        GuestRecord after = ZkJson.read(now.getData(), GuestRecord.class);
        return !before.xml().equals(after.xml()) || before.ha() != after.ha();
    }

    private static Optional<String> child(ChildData data, String parent) {
        String path = data.getPath();
        return path.startsWith(parent + "/") ? Optional.of(path.substring(parent.length() + 1)) : Optional.empty();
    }

    private static void lease(ChildData data, ClusterEventType type, ClusterEventBus bus) {
        child(data, ZkPaths.LEASES).ifPresent(name -> {
            LeaseRecord r = ZkJson.read(data.getData(), LeaseRecord.class);
            bus.publish(type, UUID.fromString(r.host()), name,
                    (type == ClusterEventType.GUEST_STARTED ? "runs on host '" : "stopped on host '") + r.hostname()
                            + "'");
        });
    }

    /** Whether both caches have their first load (events flow from then on). */
    boolean loaded() {
        return guestsLoaded && leasesLoaded;
    }

    /** Every guest as last seen, sorted by name. */
    List<ClusterGuest> guests() {
        return guests.stream()
                .flatMap(d -> child(d, ZkPaths.GUESTS).stream().map(n -> toGuest(d)))
                .sorted(Comparator.comparing(ClusterGuest::name))
                .toList();
    }

    private ClusterGuest toGuest(ChildData d) {
        GuestRecord r = ZkJson.read(d.getData(), GuestRecord.class);
        Optional<LeaseRecord> lease = leases.get(ZkPaths.lease(r.name()))
                .map(l -> ZkJson.read(l.getData(), LeaseRecord.class));
        return ClusterGuests.of(r, d.getStat().getVersion(), lease);
    }

    @Override
    public void close() {
        ZkResources.close(session, "guest cache", guests, leases);
    }
}
