package io.virtkit.api.cluster;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Chooses the host for a guest being started, restarted or migrated. The cluster uses the highest-ranked
 * registered policy; its own default (most free memory that fits, then most CPUs, then fewest guests) has
 * ranking {@link Integer#MIN_VALUE}.
 */
@ConsumerType
public interface PlacementPolicy {

    /** The chosen candidate, or empty when none fits (the caller reports "no host can run guest 'x': …"). */
    Optional<ClusterHost> choose(PlacementRequest request);
}
