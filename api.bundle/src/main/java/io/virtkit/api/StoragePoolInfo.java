package io.virtkit.api;

import java.util.Objects;

/**
 * A storage pool's state and sizes in bytes, libvirt's {@code virStoragePoolInfo}. An inactive pool's sizes
 * are what its driver last knew (libvirt reports them as 0 for most pools).
 */
public record StoragePoolInfo(StoragePoolState state, long capacity, long allocation, long available) {
    public StoragePoolInfo {
        Objects.requireNonNull(state, "state");
    }
}
