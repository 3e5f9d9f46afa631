package io.virtkit.cluster.internal.guests;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.Registration;
import io.virtkit.api.VirtException;
import io.virtkit.api.cluster.Cluster;
import io.virtkit.api.cluster.ClusterDomain;
import io.virtkit.api.cluster.ClusterGuest;
import io.virtkit.api.cluster.ClusterHost;
import io.virtkit.api.cluster.ClusterListener;
import io.virtkit.api.cluster.ClusterStatus;
import io.virtkit.cluster.internal.ClusterConfig;
import io.virtkit.cluster.internal.ClusterEventBus;
import io.virtkit.cluster.internal.guests.GuestStore.Lease;
import io.virtkit.cluster.internal.guests.GuestStore.Stored;
import io.virtkit.cluster.internal.inventory.InventoryView;
import io.virtkit.cluster.internal.membership.MembershipView;
import io.virtkit.cluster.internal.zk.ClusterSession;
import io.virtkit.cluster.internal.zk.ZkPaths;

/**
 * The {@link Cluster} service: reads from the members', inventory's and guests' views; guest operations decided
 * under the guest's /locks/&lt;name&gt; mutex (one cluster operation per guest at a time, whichever host asks) and
 * carried out by the agent of the host concerned through {@link RequestClient}.
 */
@Component(service = Cluster.class, configurationPid = "io.virtkit.cluster")
public final class ClusterService implements Cluster {

    private final ClusterSession session;
    private final ClusterEventBus bus;
    private final MembershipView membership;
    private final InventoryView inventory;
    private final Placement placement;
    private final RequestClient requests;
    private final Duration timeout;
    private final GuestStore store;
    private final GuestCache cache;

    @Activate
    public ClusterService(ClusterConfig config, @Reference ClusterSession session, @Reference ClusterEventBus bus,
            @Reference MembershipView membership, @Reference InventoryView inventory, @Reference Placement placement,
            @Reference RequestClient requests) {
        this(session, bus, membership, inventory, placement, requests,
                Duration.ofSeconds(config.operationTimeoutSeconds()));
    }

    ClusterService(ClusterSession session, ClusterEventBus bus, MembershipView membership, InventoryView inventory,
            Placement placement, RequestClient requests, Duration timeout) {
        this.session = session;
        this.bus = bus;
        this.membership = membership;
        this.inventory = inventory;
        this.placement = placement;
        this.requests = requests;
        this.timeout = timeout;
        this.store = new GuestStore(session);
        this.cache = new GuestCache(session, bus);
    }

    @Deactivate
    public void close() {
        cache.close();
    }

    @Override
    public ClusterStatus status() {
        return session.status();
    }

    @Override
    public List<ClusterHost> hosts() {
        return membership.hosts();
    }

    @Override
    public List<ClusterDomain> domains() {
        return inventory.domains();
    }

    @Override
    public List<ClusterGuest> guests() {
        if (session.hasQuorum()) {
            try {
                return store.list().stream().map(this::view).toList();
            } catch (VirtException e) {
                // the ensemble went away meanwhile: the last known state
            }
        }
        return cache.guests();
    }

    @Override
    public Optional<ClusterGuest> guest(String name) {
        if (session.hasQuorum()) {
            try {
                return store.read(name).map(this::view);
            } catch (VirtException e) {
                // the ensemble went away meanwhile: the last known state
            }
        }
        return cache.guests().stream().filter(g -> g.name().equals(name)).findFirst();
    }

    /** Whether the local copy has its first load (its events flow from then on). */
    boolean cacheLoaded() {
        return cache.loaded();
    }

    /** The local copy alone (what reads answer without quorum). */
    List<ClusterGuest> cachedGuests() {
        return cache.guests();
    }

    private ClusterGuest view(Stored s) {
        return ClusterGuests.of(s.record(), s.version(), store.lease(s.record().name()).map(Lease::record));
    }

    @Override
    public ClusterGuest defineGuest(String uri, String xml, boolean ha) {
        Stored s = store.define(uri, xml, ha);
        return ClusterGuests.of(s.record(), s.version(), Optional.empty());
    }

    @Override
    public ClusterGuest updateGuest(String name, String xml, boolean ha, long expectedVersion) {
        return view(store.update(name, xml, ha, expectedVersion));
    }

    @Override
    public void undefineGuest(String name) {
        locked(name, "cannot undefine guest '" + name + "'", () -> {
            store.undefine(name);
            return null;
        });
    }

    @Override
    public ClusterHost startGuest(String name) {
        return start(name, null);
    }

    @Override
    public ClusterHost startGuest(String name, UUID host) {
        return start(name, java.util.Objects.requireNonNull(host, "host"));
    }

    private ClusterHost start(String name, UUID host) {
        return locked(name, "cannot start guest '" + name + "'", () -> {
            Stored s = store.require(name);
            Optional<Lease> lease = store.lease(name);
            if (lease.isPresent()) {
                throw HostLeases.alreadyRunning(lease.get().record().hostname());
            }
            ClusterGuest guest = view(s);
            ClusterHost target = host == null ? placement.choose(guest, Set.of()) : member(host, guest);
            store.setWantedRunning(name, true);
            try {
                requests.send(target.uuid(), RequestClient.START, name, Map.of(), timeout);
            } catch (VirtException e) {
                if (e.code() != ErrorCode.OPERATION_TIMEOUT) {
                    resetWanted(name);
                }
                throw e;
            }
            return target;
        });
    }

    /** The lease of a guest that must be running, or libvirt's refusal for one that is not. */
    private Lease runningLease(String name) {
        return store.lease(name).orElseThrow(() -> new VirtException(ErrorCode.OPERATION_INVALID,
                ErrorDomain.DOMAIN, "domain is not running"));
    }

    private void resetWanted(String name) {
        try {
            store.setWantedRunning(name, false);
        } catch (VirtException e) {
            // the start's error matters more; HA finds the guest without lease and wanted, and tries again
        }
    }

    private ClusterHost member(UUID host, ClusterGuest guest) {
        ClusterHost h = membership.host(host).orElseThrow(() -> new VirtException(ErrorCode.INVALID_ARG,
                ErrorDomain.NONE, "no cluster member with UUID " + host));
        if (!h.hypervisors().contains(guest.uri())) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.NONE, "no host can run guest '"
                    + guest.name() + "': host '" + h.hostname() + "' does not offer " + guest.uri());
        }
        return h;
    }

    @Override
    public void stopGuest(String name, boolean graceful) {
        locked(name, "cannot stop guest '" + name + "'", () -> {
            store.require(name);
            store.setWantedRunning(name, false);
            Lease lease = runningLease(name);
            requests.send(lease.host(), RequestClient.STOP, name, Map.of("graceful", Boolean.toString(graceful)),
                    timeout.plusSeconds(10));
            return null;
        });
    }

    @Override
    public ClusterHost migrateGuest(String name) {
        return migrate(name, null);
    }

    @Override
    public ClusterHost migrateGuest(String name, UUID host) {
        return migrate(name, java.util.Objects.requireNonNull(host, "host"));
    }

    private ClusterHost migrate(String name, UUID host) {
        return locked(name, "cannot migrate guest '" + name + "'", () -> {
            Stored s = store.require(name);
            Lease lease = runningLease(name);
            ClusterGuest guest = view(s);
            ClusterHost target = host == null ? placement.choose(guest, Set.of(lease.host())) : member(host, guest);
            if (target.uuid().equals(lease.host())) {
                throw HostLeases.alreadyRunning(lease.record().hostname());
            }
            requests.send(lease.host(), RequestClient.MIGRATE, name, Map.of("target", target.uuid().toString()),
                    timeout.multipliedBy(2));
            return membership.host(target.uuid()).orElse(target);
        });
    }

    /** Runs {@code decision} holding the guest's cluster-wide mutex; without quorum nothing is tried. */
    private <T> T locked(String name, String what, Supplier<T> decision) {
        if (!session.hasQuorum()) {
            throw session.noQuorum(what);
        }
        InterProcessMutex mutex = new InterProcessMutex(session.curator(), ZkPaths.lock(name));
        boolean held = ZkCalls.withQuorum(session, what, () -> mutex.acquire(timeout.toMillis(), TimeUnit.MILLISECONDS));
        if (!held) {
            throw new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.NONE,
                    what + ": another cluster operation on it is still running");
        }
        try {
            return decision.get();
        } finally {
            try {
                mutex.release();
            } catch (Exception e) {
                // a lost session released it already; the decision's own outcome is what the caller needs
            }
        }
    }

    @Override
    public Registration addListener(ClusterListener listener) {
        return bus.add(listener);
    }
}
