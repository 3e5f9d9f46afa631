package io.virtkit.api;

/** Options for resizing a storage volume, libvirt's {@code virStorageVolResizeFlags} with the same bits. */
public enum StorageVolumeResizeFlag implements Flag {
    /** Allocate the new capacity too. */
    ALLOCATE(1),
    /** The size is added to (or with SHRINK taken from) the current capacity. */
    DELTA(1 << 1),
    /** Allow the volume to shrink. */
    SHRINK(1 << 2);

    private final int bit;

    StorageVolumeResizeFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }
}
