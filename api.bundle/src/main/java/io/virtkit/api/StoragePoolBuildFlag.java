package io.virtkit.api;

/**
 * Options for building a storage pool, libvirt's {@code virStoragePoolBuildFlags} with the same bits (none: a new
 * pool).
 */
public enum StoragePoolBuildFlag implements Flag {
    /** Repair what is there. */
    REPAIR(1),
    /** Extend what is there. */
    RESIZE(1 << 1),
    /** Fail rather than overwrite what is there. */
    NO_OVERWRITE(1 << 2),
    /** Overwrite what is there. */
    OVERWRITE(1 << 3);

    private final int bit;

    StoragePoolBuildFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }
}
