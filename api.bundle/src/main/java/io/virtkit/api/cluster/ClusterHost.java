package io.virtkit.api.cluster;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A member of the cluster, as its own record in the ensemble says (updated by that host as it changes).
 *
 * @param uuid              the host's UUID
 * @param hostname          its name
 * @param remoteUri         where its remote daemon takes TLS clients and migrations ("qemu+tls://10.0.0.2/system"), empty if none
 * @param hypervisors       the connection URIs it offers cluster guests ("qemu:///system")
 * @param cpus              its CPUs
 * @param memoryKiB         the memory it offers guests
 * @param freeMemoryKiB     what is left of that after the guests running there
 * @param load              its one-minute load average
 * @param runningGuests     the cluster guests it runs
 * @param joined            when its current session joined
 * @param self              whether this is the host answering
 */
public record ClusterHost(UUID uuid, String hostname, String remoteUri, List<String> hypervisors, int cpus,
        long memoryKiB, long freeMemoryKiB, double load, int runningGuests, Instant joined, boolean self) {
    public ClusterHost {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(remoteUri, "remoteUri");
        hypervisors = List.copyOf(hypervisors);
        Objects.requireNonNull(joined, "joined");
    }
}
