package io.virtkit.cluster.internal.guests;

import java.util.Comparator;
import java.util.Optional;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;

import io.virtkit.api.cluster.ClusterHost;
import io.virtkit.api.cluster.PlacementPolicy;
import io.virtkit.api.cluster.PlacementRequest;

/**
 * The cluster's own placement policy, the lowest-ranked of all: among the candidates with the guest's memory free,
 * the one with the most free memory, then the most CPUs, then the fewest cluster guests, then the first by name.
 */
@Component(service = PlacementPolicy.class, property = Constants.SERVICE_RANKING + ":Integer=" + Integer.MIN_VALUE)
public final class DefaultPlacementPolicy implements PlacementPolicy {

    static final Comparator<ClusterHost> BEST_FIRST = Comparator
            .comparingLong(ClusterHost::freeMemoryKiB).reversed()
            .thenComparing(Comparator.comparingInt(ClusterHost::cpus).reversed())
            .thenComparingInt(ClusterHost::runningGuests)
            .thenComparing(ClusterHost::hostname);

    @Override
    public Optional<ClusterHost> choose(PlacementRequest request) {
        return request.candidates().stream()
                .filter(h -> h.freeMemoryKiB() >= request.memoryKiB())
                .min(BEST_FIRST);
    }
}
