package io.virtkit.cluster.internal.ha;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

import io.virtkit.api.VirtException;
import io.virtkit.api.cluster.ClusterDomain;
import io.virtkit.api.cluster.ClusterEventType;
import io.virtkit.api.cluster.ClusterGuest;
import io.virtkit.api.cluster.ClusterHost;
import io.virtkit.cluster.internal.ClusterEventBus;
import io.virtkit.cluster.internal.guests.Placement;
import io.virtkit.cluster.internal.guests.RequestClient;
import io.virtkit.cluster.internal.inventory.InventoryView;
import io.virtkit.cluster.internal.zk.ClusterSession;
import io.virtkit.cluster.internal.zk.ZkJson;
import io.virtkit.cluster.internal.zk.ZkPaths;
import io.virtkit.cluster.internal.zk.records.GuestRecord;

/**
 * Restarts one HA guest without owner for the recovery leader. Under the guest's /locks/&lt;name&gt; mutex (one
 * cluster operation per guest at a time: a user's stop or start is not crossed) it checks again, from the ensemble
 * itself rather than the round's reads, that the guest is still HA, wanted running and without lease, and that no
 * member's inventory shows its UUID running (a host that could not destroy it, back with a new session); then it
 * asks placement for a host and sends that host {@code start}, which takes the lease before it creates the domain.
 * A failure is logged and the next round tries again (a disk lease still busy because an old QEMU lingers ends that
 * way), away from the hosts that already failed this guest while it stayed without owner.
 */
final class GuestRestart {
    private static final System.Logger LOG = System.getLogger(GuestRestart.class.getName());
    private static final long LOCK_WAIT_MS = 2000;

    private final ClusterSession session;
    private final Placement placement;
    private final RequestClient requests;
    private final InventoryView inventory;
    private final ClusterEventBus events;
    private final Duration operationTimeout;
    /** guest → hosts that failed to start it since it lost its owner */
    private final Map<String, Set<UUID>> failedOn = new ConcurrentHashMap<>();
    /** guests whose restart waits for an inventory showing them running, said once */
    private final Set<String> heldBack = ConcurrentHashMap.newKeySet();

    GuestRestart(ClusterSession session, Placement placement, RequestClient requests, InventoryView inventory,
            ClusterEventBus events, Duration operationTimeout) {
        this.session = session;
        this.placement = placement;
        this.requests = requests;
        this.inventory = inventory;
        this.events = events;
        this.operationTimeout = operationTimeout;
    }

    /** Forgets what it noted about guests that are no longer without owner. */
    void forgetAllBut(Set<String> ownerless) {
        failedOn.keySet().retainAll(ownerless);
        heldBack.retainAll(ownerless);
    }

    /**
     * Restarts the guest if it still qualifies; {@code stillLeading} is asked before each step that acts.
     *
     * @param ownerlessSince {@link System#nanoTime()} since which the leader has seen it without owner
     */
    void restart(String name, long ownerlessSince, BooleanSupplier stillLeading) {
        CuratorFramework zk = session.curator();
        InterProcessMutex lock = new InterProcessMutex(zk, ZkPaths.lock(name));
        try {
            if (!stillLeading.getAsBoolean() || !lock.acquire(LOCK_WAIT_MS, MILLISECONDS)) {
                return; // another operation on it is under way: the next round looks again
            }
        } catch (Exception e) {
            LOG.log(Level.INFO, "HA recovery: guest ''{0}'': cannot take its lock ({1}); trying again next round",
                    name, e.toString());
            return;
        }
        try {
            Optional<ClusterGuest> guest = stillOwnerless(zk, name);
            if (guest.isEmpty() || runningSomewhere(guest.get()) || !stillLeading.getAsBoolean()) {
                return;
            }
            start(guest.get(), ownerlessSince, stillLeading);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "HA recovery: guest ''{0}'': {1}; trying again next round", name, e.toString());
        } finally {
            try {
                lock.release();
            } catch (Exception e) {
                // the lock node goes with this session if it cannot be deleted now
            }
        }
    }

    /** The guest, if it is still HA, wanted running and without lease in the ensemble. */
    private static Optional<ClusterGuest> stillOwnerless(CuratorFramework zk, String name) throws Exception {
        Stat stat = new Stat();
        GuestRecord g;
        try {
            g = ZkJson.read(zk.getData().storingStatIn(stat).forPath(ZkPaths.guest(name)), GuestRecord.class);
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        }
        if (!g.ha() || !g.wantedRunning() || zk.checkExists().forPath(ZkPaths.lease(name)) != null) {
            return Optional.empty();
        }
        return Optional.of(new ClusterGuest(g.name(), UUID.fromString(g.uuid()), g.uri(), g.xml(), g.ha(),
                g.wantedRunning(), stat.getVersion(), Optional.empty(), Optional.empty()));
    }

    private boolean runningSomewhere(ClusterGuest guest) {
        Optional<ClusterDomain> running = inventory.domains().stream()
                .filter(d -> d.uuid().equals(guest.uuid()) && d.state().isActive()).findFirst();
        if (running.isPresent() && heldBack.add(guest.name())) {
            LOG.log(Level.WARNING, "HA recovery: guest ''{0}'' has no owner but host {1} reports its domain {2}: "
                    + "not restarting it while it does", guest.name(), running.get().hostname(),
                    running.get().state().label());
        }
        return running.isPresent();
    }

    private void start(ClusterGuest guest, long ownerlessSince, BooleanSupplier stillLeading) {
        Set<UUID> excluded = failedOn.getOrDefault(guest.name(), Set.of());
        ClusterHost host;
        try {
            host = placement.choose(guest, excluded);
        } catch (VirtException e) {
            if (excluded.isEmpty()) {
                throw e;
            }
            failedOn.remove(guest.name()); // every candidate failed once: all of them again
            host = placement.choose(guest, Set.of());
        }
        if (!stillLeading.getAsBoolean()) {
            return;
        }
        try {
            requests.send(host.uuid(), RequestClient.START, guest.name(), Map.of(), operationTimeout);
        } catch (VirtException e) {
            failedOn.computeIfAbsent(guest.name(), n -> ConcurrentHashMap.newKeySet()).add(host.uuid());
            LOG.log(Level.WARNING, "HA recovery: restarting guest ''{0}'' on {1} failed: {2}; trying again next round",
                    guest.name(), host.hostname(), e.getMessage());
            return;
        }
        failedOn.remove(guest.name());
        heldBack.remove(guest.name());
        long ownerlessMs = NANOSECONDS.toMillis(System.nanoTime() - ownerlessSince);
        String detail = "restarted on " + host.hostname() + " after it had no owner for " + ownerlessMs + " ms";
        LOG.log(Level.WARNING, "HA recovery: guest ''{0}'' {1}", guest.name(), detail);
        events.publish(ClusterEventType.GUEST_RECOVERED, host.uuid(), guest.name(), detail);
    }
}
