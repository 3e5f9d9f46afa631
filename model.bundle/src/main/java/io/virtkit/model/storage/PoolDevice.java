package io.virtkit.model.storage;

import java.util.List;
import java.util.Objects;

/**
 * A pool source's {@code <device>}: its path, whether partition names get a separator ({@code null}: unset),
 * and its free extents (a disk pool's, filled in by a refresh).
 */
public record PoolDevice(String path, Boolean partSeparator, List<StorageExtent> freeExtents) {
    public PoolDevice {
        Objects.requireNonNull(path, "path");
        freeExtents = List.copyOf(freeExtents);
    }

    public static PoolDevice of(String path) {
        return new PoolDevice(path, null, List.of());
    }
}
