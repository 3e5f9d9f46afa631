package io.virtkit.cluster.internal.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.Registration;
import io.virtkit.cluster.internal.zk.ClusterSession;
import io.virtkit.cluster.internal.zk.records.InventoryRecord;

/**
 * Keeps this host's {@code /inventory/<hostUuid>} EPHEMERAL znode current: every domain of its inventoried
 * connections. Domain events mark the record dirty; it is written at most every {@link #COALESCE_MS} and always
 * after the last change (the write reads the domains when it runs, so whatever arrived meanwhile is in it, and a
 * change during a write schedules the next one). A full re-list runs when a connection (re)opens, when the session
 * (re)connects — after an expiry the ephemeral znode is gone and is written again — and every
 * {@link #RELIST_SECONDS} as a safety net. All work runs on one thread of its own, never on Curator's or a
 * driver's event thread.
 */
final class InventoryPublisher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(InventoryPublisher.class.getName());
    static final long COALESCE_MS = 100;
    static final long RELIST_SECONDS = 60;
    private static final long CHECK_CONNECTIONS_MS = 1000;
    private static final long RETRY_WRITE_MS = 1000;

    private final ClusterSession session;
    private final int shardAbove;
    private final List<FollowedConnection> connections = new ArrayList<>();
    private final Set<UUID> clusterGuests = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "virtkit-inventory");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean writeScheduled = new AtomicBoolean();
    private final Registration sessionChanges;
    // the fields below: worker thread only
    private long lastWriteNanos = System.nanoTime() - COALESCE_MS * 1_000_000;
    private long serial;
    private List<InventoryRecord.Entry> written;
    private int writtenShards;
    private boolean mustWrite = true;

    InventoryPublisher(ClusterSession session, ConnectionFactory factory, List<String> uris, int shardAbove) {
        this.session = session;
        this.shardAbove = shardAbove;
        for (String uri : uris) {
            connections.add(new FollowedConnection(uri, factory, this::changed));
        }
        worker.scheduleWithFixedDelay(this::checkConnections, 0, CHECK_CONNECTIONS_MS, TimeUnit.MILLISECONDS);
        worker.scheduleWithFixedDelay(this::relistAll, RELIST_SECONDS, RELIST_SECONDS, TimeUnit.SECONDS);
        changed(); // a member whose connections all fail still says so: an empty record
        sessionChanges = session.onChange(change -> {
            switch (change) {
                case CONNECTED, RECONNECTED, NEW_SESSION -> worker.execute(() -> {
                    mustWrite = true; // after an expiry the ephemeral is gone; a rewrite of the same is cheap
                    relistAll();
                });
                default -> {
                }
            }
        });
    }

    void markClusterGuest(UUID domain, boolean guest) {
        if (guest ? clusterGuests.add(domain) : clusterGuests.remove(domain)) {
            changed();
        }
    }

    /** Something changed: write soon, at most every {@link #COALESCE_MS}. */
    void changed() {
        if (!writeScheduled.compareAndSet(false, true)) {
            return; // the scheduled write will read this change too
        }
        try {
            worker.execute(() -> {
                long wait = lastWriteNanos + COALESCE_MS * 1_000_000 - System.nanoTime();
                worker.schedule(this::flush, Math.max(0, wait), TimeUnit.NANOSECONDS);
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed
        }
    }

    private void checkConnections() {
        long now = System.nanoTime();
        boolean any = false;
        for (FollowedConnection c : connections) {
            if (c.reopenIfNeeded(now)) {
                c.relist();
                any = true;
            }
        }
        if (any) {
            changed();
        }
    }

    private void relistAll() {
        for (FollowedConnection c : connections) {
            c.relist();
        }
        verifyZnode();
        changed();
    }

    /** The safety net also covers the znode itself: gone, or another session's, means write it again. */
    private void verifyZnode() {
        try {
            Stat stat = session.curator().checkExists().forPath(InventoryCodec.path(session.hostUuid(), 0));
            if (stat == null || stat.getEphemeralOwner() != session.sessionId()) {
                mustWrite = true;
            }
        } catch (Exception e) {
            mustWrite = true;
        }
    }

    private void flush() {
        writeScheduled.set(false); // a change from now on schedules another write
        for (FollowedConnection c : connections) {
            c.refreshChanged();
        }
        List<InventoryRecord.Entry> entries = entries();
        if (!mustWrite && entries.equals(written)) {
            return;
        }
        if (!session.hasQuorum()) {
            // a write now would wait in Curator's retries (and log errors); look again soon, and at the reconnection
            mustWrite = true;
            worker.schedule(this::changed, RETRY_WRITE_MS, TimeUnit.MILLISECONDS);
            return;
        }
        lastWriteNanos = System.nanoTime();
        InventoryRecord record = new InventoryRecord(session.hostUuid().toString(), session.hostname(), ++serial,
                entries);
        try {
            write(InventoryCodec.encode(record, shardAbove));
            written = entries;
            mustWrite = false;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return;
            }
            LOG.log(System.Logger.Level.DEBUG, "inventory: writing this host's record failed, retrying: " + e);
            mustWrite = true;
            worker.schedule(this::changed, RETRY_WRITE_MS, TimeUnit.MILLISECONDS);
        }
    }

    private List<InventoryRecord.Entry> entries() {
        List<InventoryRecord.Entry> out = new ArrayList<>();
        for (FollowedConnection c : connections) {
            for (FollowedConnection.SeenDomain d : c.domains()) {
                out.add(new InventoryRecord.Entry(c.uri(), d.name(), d.uuid().toString(), d.state(), d.persistent(),
                        clusterGuests.contains(d.uuid())));
            }
        }
        return out;
    }

    private void write(List<byte[]> shards) throws Exception {
        CuratorFramework curator = session.curator();
        UUID host = session.hostUuid();
        for (int i = 0; i < shards.size(); i++) {
            writeEphemeral(curator, InventoryCodec.path(host, i), shards.get(i));
        }
        for (int i = shards.size(); i < writtenShards; i++) {
            try {
                curator.delete().forPath(InventoryCodec.path(host, i));
            } catch (KeeperException.NoNodeException e) {
                // gone with an earlier session
            }
        }
        writtenShards = shards.size();
    }

    /** Sets the znode if this session owns it; else (none, or a previous session's still alive) creates it anew. */
    private void writeEphemeral(CuratorFramework curator, String path, byte[] data) throws Exception {
        long session = this.session.sessionId();
        while (true) {
            try {
                Stat stat = curator.setData().forPath(path, data);
                if (stat.getEphemeralOwner() == session) {
                    return;
                }
                curator.delete().withVersion(stat.getVersion()).forPath(path);
            } catch (KeeperException.NoNodeException | KeeperException.BadVersionException e) {
                // not there (or replaced meanwhile): create it below
            }
            try {
                curator.create().creatingParentContainersIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(path, data);
                return;
            } catch (KeeperException.NodeExistsException e) {
                // created meanwhile (by this host's previous session?): look again
            }
        }
    }

    @Override
    public void close() {
        sessionChanges.close();
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connections.forEach(FollowedConnection::close);
        // the znode is ephemeral: it goes with the session; removing it now tells the others at once (not without
        // quorum: the client would wait for one)
        if (!session.hasQuorum()) {
            return;
        }
        try {
            for (int i = 0; i < Math.max(1, writtenShards); i++) {
                session.curator().delete().quietly().forPath(InventoryCodec.path(session.hostUuid(), i));
            }
        } catch (Exception e) {
            // no quorum now: the session's end removes it
        }
    }
}
