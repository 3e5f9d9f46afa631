package io.virtkit.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives lifecycle events of the domains of one connection. Events arrive on a thread of the driver's,
 * in the order they happened, after the operation that caused them has completed; the caller runs no
 * event loop. A listener must not block for long: it delays the events behind it.
 */
@ConsumerType
@FunctionalInterface
public interface DomainEventListener {
    void onEvent(DomainEvent event);
}
