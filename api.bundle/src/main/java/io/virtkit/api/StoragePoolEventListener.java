package io.virtkit.api;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives the events of the storage pools of one connection, like {@link NetworkEventListener}. */
@ConsumerType
@FunctionalInterface
public interface StoragePoolEventListener {
    void onEvent(StoragePoolEvent event);
}
