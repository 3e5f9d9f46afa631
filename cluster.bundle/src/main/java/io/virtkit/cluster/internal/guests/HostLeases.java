package io.virtkit.cluster.internal.guests;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainEvent;
import io.virtkit.api.DomainEventType;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.MigrateFlag;
import io.virtkit.api.MigrationParams;
import io.virtkit.api.VirtException;
import io.virtkit.cluster.internal.guests.GuestStore.Lease;
import io.virtkit.cluster.internal.guests.GuestStore.Stored;
import io.virtkit.cluster.internal.guests.LocalLeases.Held;
import io.virtkit.cluster.internal.inventory.InventoryView;
import io.virtkit.cluster.internal.membership.MembershipView;
import io.virtkit.cluster.internal.zk.ClusterSession;
import io.virtkit.cluster.internal.zk.ZkJson;
import io.virtkit.cluster.internal.zk.ZkPaths;
import io.virtkit.cluster.internal.zk.records.GuestRecord;
import io.virtkit.cluster.internal.zk.records.HostRecord;
import io.virtkit.cluster.internal.zk.records.LeaseRecord;

/**
 * The leases this host holds and the cluster guests it runs: the work of the host agent's requests (start, stop,
 * migrate, adopt), the release of a lease once its guest's domain stopped here, and the leases taken again after
 * a new session. A lease is always taken before the domain is created and given up only after it stopped; a lease
 * that cannot be given up without a quorum is given up once the same session reconnects (a new session has lost it
 * anyway).
 */
final class HostLeases implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HostLeases.class);

    private final ClusterSession session;
    private final GuestStore store;
    private final LocalDomains domains;
    private final RequestClient requests;
    private final Duration timeout;
    private final BiConsumer<String, Runnable> serial;
    private final Supplier<InventoryView> inventory;
    private final Supplier<MembershipView> membership;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    /** Guests being migrated away: their domain stopping here is the migration's doing, not a stop. */
    private final Set<String> leaving = ConcurrentHashMap.newKeySet();
    /** Leases to delete once the same session reaches a quorum again. */
    private final Set<String> pendingRelease = ConcurrentHashMap.newKeySet();
    /** Guests running here whose lease is to be taken again (after a new session). */
    private final Set<String> retakePending = ConcurrentHashMap.newKeySet();

    HostLeases(ClusterSession session, ConnectionFactory factory, RequestClient requests, Duration timeout,
            BiConsumer<String, Runnable> serial, Supplier<InventoryView> inventory,
            Supplier<MembershipView> membership) {
        this.session = session;
        this.store = new GuestStore(session);
        this.domains = new LocalDomains(factory, this::domainEvent);
        this.requests = requests;
        this.timeout = timeout;
        this.serial = serial;
        this.inventory = inventory;
        this.membership = membership;
    }

    List<Held> held() {
        return List.copyOf(held.values());
    }

    /** start: the lease first, then the transient domain; a failed create gives the lease back. */
    String start(String name) {
        Stored guest = store.require(name);
        GuestRecord g = guest.record();
        Held h = new Held(name, guest.uuid(), g.uri(), g.ha());
        takeLease(name, guest.uuid());
        held.put(name, h);
        mark(h, true);
        try {
            domains.connection(g.uri()).createDomain(g.xml());
        } catch (RuntimeException e) {
            held.remove(name);
            mark(h, false);
            deleteOwnLease(name);
            throw e;
        }
        changed();
        return "";
    }

    private void takeLease(String name, UUID uuid) {
        byte[] record = ZkJson.write(new LeaseRecord(session.hostUuid().toString(), session.hostname(),
                uuid.toString(), System.currentTimeMillis()));
        ZkCalls.withQuorum(session, "cannot take the lease of guest '" + name + "'", () -> {
            try {
                session.curator().create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL)
                        .forPath(ZkPaths.lease(name), record);
            } catch (KeeperException.NodeExistsException e) {
                String owner = store.lease(name).map(l -> l.record().hostname()).orElse("?");
                throw alreadyRunning(owner);
            }
            return null;
        });
    }

    static VirtException alreadyRunning(String hostname) {
        return new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                "domain is already running on host '" + hostname + "'");
    }

    /** stop: destroy, or shut down and wait for it up to the operation bound; then the lease is given up. */
    String stop(String name, boolean graceful) {
        Held h = requireHeld(name);
        Optional<Domain> d = domains.find(h.uri(), h.uuid());
        if (d.isPresent() && d.get().isActive()) {
            if (graceful) {
                d.get().shutdown();
                awaitStopped(h);
            } else {
                d.get().destroy();
            }
        }
        release(name);
        return "";
    }

    private void awaitStopped(Held h) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (domains.active(h.uri(), h.uuid())) {
            if (System.nanoTime() > deadline) {
                throw new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.DOMAIN, "domain '" + h.name()
                        + "' did not shut down within " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(100); // the guest's own shutdown: polled within the bound, no event to wait on reliably
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.DOMAIN, "shutdown interrupted");
            }
        }
    }

    /**
     * migrate: live peer-to-peer to the target's remote URI, then the target adopts the lease in one multi; until
     * it did, this host keeps it, so at no moment has the guest no owner.
     */
    String migrate(String name, String targetText) {
        Held h = requireHeld(name);
        UUID target = UUID.fromString(targetText);
        if (target.equals(session.hostUuid())) {
            throw alreadyRunning(session.hostname());
        }
        HostRecord t = hostRecord(target);
        if (t.remoteUri() == null || t.remoteUri().isBlank()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                    "cluster host '" + t.hostname() + "' takes no migrations: it has no remoteUri");
        }
        Lease lease = store.lease(name).filter(l -> l.host().equals(session.hostUuid()))
                .orElseThrow(() -> new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                        "domain is not running"));
        Domain d = domains.find(h.uri(), h.uuid()).filter(Domain::isActive)
                .orElseThrow(() -> new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                        "domain is not running"));
        leaving.add(name);
        try {
            d.migrateToUri(t.remoteUri(), migrationParams(t.remoteUri()), MigrateFlag.LIVE, MigrateFlag.PEER2PEER);
        } catch (RuntimeException e) {
            leaving.remove(name);
            if (!domains.active(h.uri(), h.uuid())) {
                release(name);
            }
            throw e;
        }
        try {
            requests.send(target, RequestClient.ADOPT, name, Map.of("source", session.hostUuid().toString(),
                    "leaseVersion", Integer.toString(lease.version())), timeout);
        } catch (VirtException e) {
            // The guest runs there now and its lease stays here (held and leaving), so nothing else starts it.
            LOG.error("cluster guest '{}' migrated to '{}' but its lease was not adopted there: {}; the lease stays "
                    + "on this host", name, t.hostname(), e.getMessage());
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.DOMAIN, "guest '" + name
                    + "' was migrated to host '" + t.hostname() + "' but its lease was not handed over: "
                    + e.getMessage());
        }
        held.remove(name);
        leaving.remove(name);
        mark(h, false);
        changed();
        return target.toString();
    }

    /** migrate_uri: the address of the target's remote URI, where its QEMU listens for the data. */
    private static MigrationParams migrationParams(String remoteUri) {
        try {
            String host = URI.create(remoteUri).getHost();
            if (host != null) {
                return new MigrationParams("tcp://" + host, null, null, null, 0, null);
            }
        } catch (IllegalArgumentException e) {
            // the driver's own configured migration host then
        }
        return MigrationParams.NONE;
    }

    private HostRecord hostRecord(UUID host) {
        return ZkCalls.call(session, "cannot read cluster host " + host, () -> {
            try {
                return ZkJson.read(session.curator().getData().forPath(ZkPaths.host(host)), HostRecord.class);
            } catch (KeeperException.NoNodeException e) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NONE,
                        "no cluster member with UUID " + host);
            }
        });
    }

    /**
     * adopt: the guest migrated here; its lease moves from the source in one multi (delete at the source's version,
     * create as this host's), so it has an owner at every moment.
     */
    String adopt(String name, String source, int leaseVersion) {
        Stored guest = store.require(name);
        Lease lease = store.lease(name).orElseThrow(() -> new VirtException(ErrorCode.OPERATION_FAILED,
                ErrorDomain.DOMAIN, "cluster guest '" + name + "' has no lease to adopt"));
        if (!lease.record().host().equals(source)) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.DOMAIN, "the lease of cluster guest '"
                    + name + "' is held by host '" + lease.record().hostname() + "', not by the migration's source");
        }
        GuestRecord g = guest.record();
        if (!domains.active(g.uri(), guest.uuid())) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.DOMAIN,
                    "domain '" + name + "' does not run on host '" + session.hostname() + "'");
        }
        Held h = new Held(name, guest.uuid(), g.uri(), g.ha());
        held.put(name, h);
        byte[] record = ZkJson.write(new LeaseRecord(session.hostUuid().toString(), session.hostname(),
                guest.uuid().toString(), System.currentTimeMillis()));
        String path = ZkPaths.lease(name);
        try {
            ZkCalls.withQuorum(session, "cannot adopt the lease of guest '" + name + "'", () -> session.curator()
                    .transaction().forOperations(
                            session.curator().transactionOp().delete().withVersion(leaseVersion).forPath(path),
                            session.curator().transactionOp().create().withMode(CreateMode.EPHEMERAL)
                                    .forPath(path, record)));
        } catch (RuntimeException e) {
            held.remove(name);
            throw e;
        }
        mark(h, true);
        changed();
        return "";
    }

    private Held requireHeld(String name) {
        Held h = held.get(name);
        if (h == null) {
            store.require(name);
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN, "domain is not running");
        }
        return h;
    }

    /** A domain of this host's connections stopped: if it is a held guest (not leaving), its lease is given up. */
    private void domainEvent(String uri, DomainEvent event) {
        if (event.type() != DomainEventType.STOPPED) {
            return;
        }
        UUID uuid = event.domain().uuid();
        for (Held h : held.values()) {
            if (h.uuid().equals(uuid) && h.uri().equals(uri)) {
                serial.accept(h.name(), () -> releaseIfStopped(h));
            }
        }
    }

    /** The agent's periodic check: held guests whose domain is gone (an event missed) give their lease up. */
    void releaseStopped() {
        for (Held h : held.values()) {
            if (!leaving.contains(h.name()) && !domains.active(h.uri(), h.uuid())) {
                serial.accept(h.name(), () -> releaseIfStopped(h));
            }
        }
    }

    private void releaseIfStopped(Held h) {
        if (held.get(h.name()) == h && !leaving.contains(h.name()) && !domains.active(h.uri(), h.uuid())) {
            release(h.name());
        }
    }

    /** Forgets a held guest whose domain stopped and gives its lease up (later, when there is no quorum now). */
    private void release(String name) {
        Held h = held.remove(name);
        if (h == null) {
            return;
        }
        mark(h, false);
        changed();
        deleteOwnLease(name);
    }

    private void deleteOwnLease(String name) {
        if (!session.hasQuorum()) {
            pendingRelease.add(name);
            return;
        }
        try {
            Optional<Lease> lease = store.lease(name);
            if (lease.isPresent() && lease.get().session() == session.sessionId()) {
                session.curator().delete().withVersion(lease.get().version()).forPath(ZkPaths.lease(name));
            }
            pendingRelease.remove(name);
        } catch (KeeperException.NoNodeException | KeeperException.BadVersionException e) {
            pendingRelease.remove(name); // gone or no longer ours
        } catch (Exception e) {
            pendingRelease.add(name);
            LOG.warn("cannot give up the lease of cluster guest '{}' now, later: {}", name, e.getMessage());
        }
    }

    /** Self-fencing stopped these guests: they are forgotten, their leases given up when the session answers again. */
    void fenced(List<Held> stopped) {
        for (Held h : stopped) {
            if (held.remove(h.name(), h) || held.get(h.name()) == null) {
                mark(h, false);
                pendingRelease.add(h.name());
            }
        }
        if (session.hasQuorum()) {
            flushPendingReleases();
        }
    }

    /** The same session reached a quorum again: the leases of guests stopped meanwhile are given up now. */
    void flushPendingReleases() {
        for (String name : List.copyOf(pendingRelease)) {
            if (!held.containsKey(name)) {
                deleteOwnLease(name);
            } else {
                pendingRelease.remove(name);
            }
        }
    }

    /**
     * A new session: the old one's leases are gone. Guests still running here take theirs again (now and, while
     * that fails, at every {@link #retryRetakes()}); one whose lease another host took meanwhile runs twice, which
     * fencing should have prevented: ours is destroyed.
     */
    void retakeAfterNewSession() {
        pendingRelease.clear();
        for (Held h : held.values()) {
            if (!leaving.contains(h.name())) {
                retakePending.add(h.name());
            }
        }
        retryRetakes();
    }

    /** The agent's periodic turn: leases still to take again. */
    void retryRetakes() {
        if (retakePending.isEmpty()) {
            return;
        }
        for (String name : List.copyOf(retakePending)) {
            Held h = held.get(name);
            try {
                if (h == null || retake(h)) {
                    retakePending.remove(name);
                }
            } catch (RuntimeException e) {
                LOG.warn("cluster guest '{}': lease not taken again yet: {}", name, e.getMessage());
            }
        }
        changed();
    }

    /** Whether this guest is settled: its lease ours again, or it no longer runs here. */
    private boolean retake(Held h) {
        if (!domains.active(h.uri(), h.uuid())) {
            release(h.name());
            return true;
        }
        try {
            takeLease(h.name(), h.uuid());
            LOG.info("cluster guest '{}': lease taken again after a new session", h.name());
            return true;
        } catch (VirtException e) {
            Optional<Lease> other = store.lease(h.name());
            if (other.isPresent() && other.get().session() == session.sessionId()) {
                return true;
            }
            if (other.isEmpty() || other.get().host().equals(session.hostUuid())) {
                // the ensemble gone again, or our old session's lease not expired yet: next turn
                return false;
            }
            LOG.error("cluster guest '{}' runs here and on host '{}' (split brain the fencing should have "
                    + "prevented): destroying it here", h.name(), other.get().record().hostname());
            held.remove(h.name());
            domains.find(h.uri(), h.uuid()).ifPresent(Domain::destroy);
            mark(h, false);
            return true;
        }
    }

    /**
     * This agent (re)activated: the leases naming this host are taken up again. A guest whose domain runs here is
     * held again (its lease taken again if an older session of this host had it); a lease of this session whose
     * domain is gone is given up; an older session's lease whose domain is gone expires with that session.
     */
    void recoverHeld() {
        List<String> names = ZkCalls.call(session, "cannot list leases", () -> {
            try {
                return session.curator().getChildren().forPath(ZkPaths.LEASES);
            } catch (KeeperException.NoNodeException e) {
                return List.<String>of();
            }
        });
        for (String name : names) {
            Optional<Lease> lease = store.lease(name);
            if (lease.isEmpty() || !lease.get().host().equals(session.hostUuid()) || held.containsKey(name)) {
                continue;
            }
            boolean ours = lease.get().session() == session.sessionId();
            Optional<Stored> guest = store.read(name);
            if (guest.isPresent() && domains.active(guest.get().record().uri(), guest.get().uuid())) {
                Held h = new Held(name, guest.get().uuid(), guest.get().record().uri(), guest.get().record().ha());
                held.put(name, h);
                mark(h, true);
                if (!ours) {
                    retakePending.add(name);
                }
                LOG.info("cluster guest '{}' runs here: held again", name);
            } else if (ours) {
                deleteOwnLease(name);
            }
        }
        changed();
    }

    private void mark(Held h, boolean running) {
        InventoryView view = inventory.get();
        if (view != null) {
            if (running) {
                view.markClusterGuest(h.uuid());
            } else {
                view.unmarkClusterGuest(h.uuid());
            }
        }
    }

    private void changed() {
        MembershipView view = membership.get();
        if (view != null) {
            view.refreshSelf();
        }
    }

    @Override
    public void close() {
        domains.close();
    }
}
