package io.virtkit.model.storage;

import java.util.Objects;

/** A volume's {@code <backingStore>}: the image under it, its format ({@code null}: unset) and permissions. */
public record VolumeBackingStore(String path, String format, StoragePermissions permissions,
        VolumeTimestamps timestamps) {
    public VolumeBackingStore {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(permissions, "permissions");
    }
}
