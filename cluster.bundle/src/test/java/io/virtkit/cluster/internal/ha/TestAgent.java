package io.virtkit.cluster.internal.ha;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

import io.virtkit.api.Connection;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.cluster.internal.guests.LocalLeases;
import io.virtkit.cluster.internal.zk.ClusterSession.SessionChange;
import io.virtkit.cluster.internal.zk.ZkJson;
import io.virtkit.cluster.internal.zk.ZkPaths;
import io.virtkit.cluster.internal.zk.records.GuestRecord;
import io.virtkit.cluster.internal.zk.records.LeaseRecord;

/**
 * The guests component's host agent as far as HA relies on it (its contract in cluster-contracts.md), over one
 * simulated host's session and test driver: {@code start} takes the lease (ephemeral, of this host's session)
 * before it creates the transient domain; {@link #fenced} forgets the guests and, when the session that took
 * their leases survived, deletes those leases once the ensemble answers; on NEW_SESSION it re-takes the leases of
 * the guests still running here only.
 */
final class TestAgent implements LocalLeases {
    private final HeartbeatSession session;
    private final Connection connection;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    /** guest → the session id its lease was taken with */
    private final Map<String, Long> leaseSessions = new ConcurrentHashMap<>();
    private final ExecutorService background;
    /** Every {@link #fenced} call. */
    final List<List<Held>> fencedCalls = new CopyOnWriteArrayList<>();
    /** guest → System.nanoTime() of its last start here, taken after the lease and before the domain. */
    final Map<String, Long> startedAt = new ConcurrentHashMap<>();

    TestAgent(HeartbeatSession session, Connection connection) {
        this.session = session;
        this.connection = connection;
        this.background = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "agent-" + session.hostname());
            t.setDaemon(true);
            return t;
        });
        session.onChange(change -> {
            if (change == SessionChange.NEW_SESSION && !background.isShutdown()) {
                background.execute(this::retakeRunning);
            }
        });
    }

    /** The agent's {@code start}: lease first, then the domain. */
    void start(String name) {
        CuratorFramework zk = session.curator();
        try {
            GuestRecord g = ZkJson.read(zk.getData().forPath(ZkPaths.guest(name)), GuestRecord.class);
            takeLease(name, g.uuid());
            startedAt.put(name, System.nanoTime());
            try {
                connection.createDomain(g.xml());
            } catch (RuntimeException e) {
                zk.delete().forPath(ZkPaths.lease(name));
                throw e;
            }
            held.put(name, new Held(name, UUID.fromString(g.uuid()), g.uri(), g.ha()));
        } catch (KeeperException.NodeExistsException e) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NONE, "domain is already running");
        } catch (VirtException e) {
            throw e;
        } catch (Exception e) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.NONE, e.toString(), e);
        }
    }

    private void takeLease(String name, String uuid) throws Exception {
        session.curator().create().creatingParentContainersIfNeeded().withMode(CreateMode.EPHEMERAL)
                .forPath(ZkPaths.lease(name), ZkJson.write(new LeaseRecord(session.hostUuid().toString(),
                        session.hostname(), uuid, System.currentTimeMillis())));
        leaseSessions.put(name, session.sessionId());
    }

    @Override
    public List<Held> held() {
        return List.copyOf(held.values());
    }

    @Override
    public void fenced(List<Held> stopped) {
        fencedCalls.add(stopped);
        for (Held h : stopped) {
            held.remove(h.name());
            Long leaseSession = leaseSessions.remove(h.name());
            if (leaseSession != null) {
                background.execute(() -> releaseIfStillOurs(h.name(), leaseSession));
            }
        }
    }

    /**
     * Deletes the lease only if the session that took it still owns it (never a lease taken since by another),
     * trying until the ensemble answers.
     */
    private void releaseIfStillOurs(String name, long leaseSession) {
        while (!background.isShutdown()) {
            try {
                Stat stat = session.curator().checkExists().forPath(ZkPaths.lease(name));
                if (stat != null && stat.getEphemeralOwner() == leaseSession) {
                    session.curator().delete().withVersion(stat.getVersion()).forPath(ZkPaths.lease(name));
                }
                return;
            } catch (KeeperException.NoNodeException | KeeperException.BadVersionException e) {
                return; // expired with the session meanwhile, or no longer that lease
            } catch (Exception e) {
                sleep(100); // no quorum yet
            }
        }
    }

    /**
     * NEW_SESSION: the old session's leases expired (or will: the ensemble may not have noticed yet). A guest still
     * running here gets its lease again; if another host holds it, this copy is stopped; a guest not running any
     * more (fenced) is forgotten.
     */
    private void retakeRunning() {
        for (Held h : held()) {
            for (int attempt = 0; held.containsKey(h.name()); attempt++) {
                if (!runsHere(h.uuid())) {
                    held.remove(h.name());
                    break;
                }
                try {
                    takeLease(h.name(), h.uuid().toString());
                    break;
                } catch (KeeperException.NodeExistsException e) {
                    if (!ourOldLease(h.name()) || attempt > 100) {
                        connection.lookupDomainByUuid(h.uuid()).destroy(); // another host owns it now
                        held.remove(h.name());
                    } else {
                        sleep(100); // our old session's lease, until the ensemble expires it
                    }
                } catch (Exception e) {
                    sleep(100);
                }
            }
        }
    }

    private boolean ourOldLease(String name) {
        try {
            LeaseRecord r = ZkJson.read(session.curator().getData().forPath(ZkPaths.lease(name)), LeaseRecord.class);
            return r.host().equals(session.hostUuid().toString());
        } catch (Exception e) {
            return true; // gone meanwhile: try again
        }
    }

    private boolean runsHere(UUID uuid) {
        try {
            return connection.lookupDomainByUuid(uuid).isActive();
        } catch (VirtException e) {
            return false;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void close() {
        background.shutdownNow();
    }
}
