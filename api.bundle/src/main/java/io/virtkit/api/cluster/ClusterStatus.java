package io.virtkit.api.cluster;

import java.util.Objects;
import java.util.UUID;

/**
 * This host's standing in its cluster.
 *
 * @param mode      embedded peer or client of an external ensemble
 * @param connected whether this host is connected to a quorum now (writes, placement and HA work only then)
 * @param hostUuid  this host's UUID (the QEMU driver's host UUID)
 * @param hostname  this host's name as the cluster shows it
 * @param ensemble  the ensemble's servers, as configured ("10.0.0.1:2281,10.0.0.2:2281")
 * @param message   what an operator should know, e.g. "ensemble unreachable since 12:00:01: this host runs alone"; empty when all is well
 */
public record ClusterStatus(ClusterMode mode, boolean connected, UUID hostUuid, String hostname, String ensemble,
        String message) {
    public ClusterStatus {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(hostUuid, "hostUuid");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(ensemble, "ensemble");
        Objects.requireNonNull(message, "message");
    }
}
