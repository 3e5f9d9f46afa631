package io.virtkit.api;

import java.util.Objects;

/** A network lifecycle event: which network (a handle on the listener's connection) and what happened. */
public record NetworkEvent(Network network, NetworkEventType type) {
    public NetworkEvent {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(type, "type");
    }

    /** virsh's {@code net-event} wording: "event 'lifecycle' for network 'default': Started". */
    @Override
    public String toString() {
        return "event 'lifecycle' for network '" + network.name() + "': " + type.label();
    }
}
