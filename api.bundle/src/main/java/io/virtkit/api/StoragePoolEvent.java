package io.virtkit.api;

import java.util.Objects;

/** A storage pool event: which pool (a handle on the listener's connection) and what happened. */
public record StoragePoolEvent(StoragePool pool, StoragePoolEventType type) {
    public StoragePoolEvent {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(type, "type");
    }

    /**
     * virsh's {@code pool-event} wording: "event 'lifecycle' for storage pool default: Started", or
     * "event 'refresh' for storage pool default".
     */
    @Override
    public String toString() {
        return type.isLifecycle()
                ? "event 'lifecycle' for storage pool " + pool.name() + ": " + type.label()
                : "event 'refresh' for storage pool " + pool.name();
    }
}
