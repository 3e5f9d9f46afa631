package io.virtkit.api;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives lifecycle events of the networks of one connection, like {@link DomainEventListener}. */
@ConsumerType
@FunctionalInterface
public interface NetworkEventListener {
    void onEvent(NetworkEvent event);
}
