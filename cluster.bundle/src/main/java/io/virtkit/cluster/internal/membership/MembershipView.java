package io.virtkit.cluster.internal.membership;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.virtkit.api.cluster.ClusterHost;

/**
 * The members as this host last saw them (a Curator cache of /hosts), and this host's own record, which
 * {@code Membership} keeps written (recreated on a new session). Registered as a service by {@code Membership}.
 */
public interface MembershipView {

    /** Every live member, this one flagged self, sorted by host name. */
    List<ClusterHost> hosts();

    Optional<ClusterHost> host(UUID uuid);

    /** Asks for this host's record to be rewritten soon (a guest started or stopped here: free memory changed). */
    void refreshSelf();

    /**
     * Rewrites this host's record now if a figure changed, in the caller's thread: the host agent calls it before it
     * answers a request that started or stopped a guest here, so a requester reading the members after the answer
     * (ZooKeeper: a client's later reads see what it saw written) finds this host's free memory already lowered.
     */
    void publishSelfNow();

    /**
     * The members as the ensemble has them now (read, not cached), for decisions that must not use a record older
     * than the last answer this host received — placement of several guests in a row; the cached view without quorum.
     */
    List<ClusterHost> hostsNow();
}
