package io.virtkit.api.cluster;

import java.util.List;
import java.util.Objects;

/**
 * What a placement policy decides on.
 *
 * @param guest      the guest to place
 * @param memoryKiB  the memory it needs (its definition's current memory)
 * @param vcpus      its virtual CPUs
 * @param candidates the live members offering its connection, minus any excluded (the host it leaves when
 *                   migrating, the dead host when restarting it); never empty
 */
public record PlacementRequest(ClusterGuest guest, long memoryKiB, int vcpus, List<ClusterHost> candidates) {
    public PlacementRequest {
        Objects.requireNonNull(guest, "guest");
        candidates = List.copyOf(candidates);
    }
}
