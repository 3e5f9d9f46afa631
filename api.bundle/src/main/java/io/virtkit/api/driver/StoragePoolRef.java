package io.virtkit.api.driver;

import java.util.Objects;
import java.util.UUID;

/**
 * A storage driver's answer naming one pool, what libvirt's {@code virStoragePoolPtr} carries.
 *
 * @since 1.3
 */
public record StoragePoolRef(String name, UUID uuid) {
    public StoragePoolRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
    }
}
