package io.virtkit.api.cluster;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A guest defined cluster-wide.
 *
 * @param name          its name (unique in the cluster)
 * @param uuid          its UUID (unique in the cluster)
 * @param uri           the connection it runs on, on whichever host runs it ("qemu:///system")
 * @param xml           its domain XML
 * @param ha            whether it is restarted on another host when its host dies
 * @param wantedRunning whether it was started and not stopped through the cluster (HA restarts only these)
 * @param version       its definition's version, for {@link Cluster#updateGuest}
 * @param owner         the host holding its ownership lease (running it, or starting it), if any
 * @param ownerHostname that host's name, if any
 */
public record ClusterGuest(String name, UUID uuid, String uri, String xml, boolean ha, boolean wantedRunning,
        long version, Optional<UUID> owner, Optional<String> ownerHostname) {
    public ClusterGuest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(xml, "xml");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(ownerHostname, "ownerHostname");
    }
}
