package io.virtkit.cluster.internal.guests;

import java.util.Set;
import java.util.UUID;

import io.virtkit.api.cluster.ClusterGuest;
import io.virtkit.api.cluster.ClusterHost;

/**
 * Chooses a host for a guest with the highest-ranked {@link io.virtkit.api.cluster.PlacementPolicy} among the live
 * members offering the guest's connection, minus {@code excluded}. Registered as a service by the guests component.
 */
public interface Placement {

    /**
     * @throws io.virtkit.api.VirtException OPERATION_FAILED "operation failed: no host can run guest 'x': …" (the
     *         reason: no member offers its connection, or none has the memory)
     */
    ClusterHost choose(ClusterGuest guest, Set<UUID> excluded);
}
