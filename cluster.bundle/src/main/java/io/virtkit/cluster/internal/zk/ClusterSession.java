package io.virtkit.cluster.internal.zk;

import java.util.UUID;
import java.util.function.Consumer;

import org.apache.curator.framework.CuratorFramework;

import io.virtkit.api.Registration;
import io.virtkit.api.cluster.ClusterStatus;

/**
 * This host's ZooKeeper session, as the rest of the bundle uses it (registered as a service by
 * {@code ClusterSessionService}; tests build one over Curator's TestingServer). The Curator client is namespaced to
 * the cluster's root path, authenticated with the cluster secret and creates every znode with the cluster's ACL
 * (writes: cluster hosts only). It retries forever: while no quorum is reachable, calls fail with Curator's
 * connection-loss exceptions, which callers turn into {@link #noQuorum(String)}.
 */
public interface ClusterSession {

    /** The namespaced client; never null, also while disconnected. */
    CuratorFramework curator();

    /** This host's UUID (the QEMU driver's host UUID). */
    UUID hostUuid();

    /** This host's name in the cluster. */
    String hostname();

    /** Mode, connected-ness, ensemble and operator message, for {@code Cluster.status()}. */
    ClusterStatus status();

    /** Whether this host is connected to a quorum right now. */
    boolean hasQuorum();

    /**
     * The session timeout the ensemble granted (ms); before the first connection, the configured one.
     */
    int sessionTimeoutMs();

    /**
     * {@link System#nanoTime()} at which the last request the ensemble answered was sent, or -1 before any. The
     * ensemble heard this host no earlier than that, so its session cannot expire before this plus
     * {@link #sessionTimeoutMs()}: self-fencing counts from here. Kept fresh by a heartbeat every
     * {@code sessionTimeoutMs / 6} while connected.
     */
    long lastContactNanos();

    /** The ZooKeeper session id of the current session, 0 before any. */
    long sessionId();

    /**
     * Follows session changes: {@link SessionChange#CONNECTED} (first time), {@link SessionChange#SUSPENDED} (no
     * quorum reachable), {@link SessionChange#RECONNECTED} (same session), {@link SessionChange#NEW_SESSION} (the old
     * one expired while away: every ephemeral znode of this host is gone and must be written again),
     * {@link SessionChange#LOST}. Called on Curator's event thread; do not block it.
     */
    Registration onChange(Consumer<SessionChange> listener);

    /** The refusal for a write attempted without quorum: OPERATION_INVALID "…: cluster has no quorum: {what}". */
    io.virtkit.api.VirtException noQuorum(String what);

    enum SessionChange { CONNECTED, SUSPENDED, RECONNECTED, NEW_SESSION, LOST }
}
