package io.virtkit.api.cluster;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One change in the cluster.
 *
 * @param type   what changed
 * @param host   the host concerned, if any
 * @param name   the guest or domain concerned, if any
 * @param detail a sentence for an operator ("restarted on b after a's session expired"), may be empty
 */
public record ClusterEvent(ClusterEventType type, Optional<UUID> host, Optional<String> name, String detail) {
    public ClusterEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(detail, "detail");
    }
}
