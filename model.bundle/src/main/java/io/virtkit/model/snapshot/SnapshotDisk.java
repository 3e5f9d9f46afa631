package io.virtkit.model.snapshot;

import java.util.Objects;

/**
 * One {@code <disks><disk>} of a snapshot: the domain disk it names (its target, as {@code vda}), where its snapshot
 * goes, and for an external one the new file and its format ({@code <source file>}, {@code <driver type>}; null when
 * not given).
 */
public record SnapshotDisk(String name, SnapshotLocation snapshot, String sourceFile, String driverType) {
    public SnapshotDisk {
        Objects.requireNonNull(name, "name");
    }

    /** A disk whose snapshot is kept inside its image. */
    public static SnapshotDisk internal(String name) {
        return new SnapshotDisk(name, SnapshotLocation.INTERNAL, null, null);
    }
}
