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
}
