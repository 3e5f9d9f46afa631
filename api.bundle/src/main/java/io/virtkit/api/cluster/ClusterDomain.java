package io.virtkit.api.cluster;

import java.util.Objects;
import java.util.UUID;

import io.virtkit.api.DomainState;

/**
 * One domain in the inventory: a domain some member reports on one of its inventoried connections.
 *
 * @param hostUuid     the member reporting it (its owner)
 * @param hostname     that member's name
 * @param uri          the connection it is on there ("qemu:///system")
 * @param name         the domain's name
 * @param uuid         the domain's UUID
 * @param state        its state as that member last reported it
 * @param persistent   whether that member has it defined (false: transient, as cluster guests run)
 * @param clusterGuest whether it is a cluster guest's running instance
 */
public record ClusterDomain(UUID hostUuid, String hostname, String uri, String name, UUID uuid, DomainState state,
        boolean persistent, boolean clusterGuest) {
    public ClusterDomain {
        Objects.requireNonNull(hostUuid, "hostUuid");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(state, "state");
    }
}
