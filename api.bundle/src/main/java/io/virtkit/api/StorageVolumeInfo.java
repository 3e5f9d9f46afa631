package io.virtkit.api;

import java.util.Objects;

/** A storage volume's type and sizes in bytes, libvirt's {@code virStorageVolInfo}. */
public record StorageVolumeInfo(StorageVolumeType type, long capacity, long allocation) {
    public StorageVolumeInfo {
        Objects.requireNonNull(type, "type");
    }
}
