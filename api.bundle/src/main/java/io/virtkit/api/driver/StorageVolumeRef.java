package io.virtkit.api.driver;

import java.util.Objects;

/**
 * A storage driver's answer naming one volume, what libvirt's {@code virStorageVolPtr} carries: the name of
 * its pool, its name and its host-wide unique key. A driver finds the volume again by key.
 *
 * @since 1.3
 */
public record StorageVolumeRef(String pool, String name, String key) {
    public StorageVolumeRef {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
    }
}
