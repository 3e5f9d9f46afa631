package io.virtkit.api;

import java.util.Objects;

/**
 * A lifecycle event: which domain (a handle on the connection the listener was registered on), and
 * what happened to it.
 */
public record DomainEvent(Domain domain, DomainEventDetail detail) {
    public DomainEvent {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(detail, "detail");
    }

    public DomainEventType type() {
        return detail.type();
    }

    /** virsh's {@code event} wording: "event 'lifecycle' for domain 'test': Started Booted". */
    @Override
    public String toString() {
        return "event 'lifecycle' for domain '" + domain.name() + "': " + detail.type().label() + " "
                + detail.label();
    }
}
