package io.virtkit.storage.internal;

import java.util.UUID;

import io.virtkit.api.driver.StoragePoolRef;
import io.virtkit.model.storage.StoragePoolDefinition;

/**
 * One pool of the driver (libvirt's {@code virStoragePoolObj}): its live definition and backend, the
 * persistent definition when it has one, and its flags. Guarded by the {@link StoragePoolTable}'s monitor.
 */
final class StoragePoolObject {
    StoragePoolDefinition def;
    PoolBackend backend;
    /** The definition saved in the config directory; null for a transient pool. */
    StoragePoolDefinition persistent;
    boolean active;
    boolean autostart;

    StoragePoolObject(StoragePoolDefinition def, PoolBackend backend) {
        this.def = def;
        this.backend = backend;
    }

    String name() {
        return def.name();
    }

    UUID uuid() {
        return def.uuid();
    }

    StoragePoolRef ref() {
        return new StoragePoolRef(def.name(), def.uuid());
    }
}
