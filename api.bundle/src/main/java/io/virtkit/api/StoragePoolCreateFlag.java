package io.virtkit.api;

/** Options for starting a storage pool, libvirt's {@code virStoragePoolCreateFlags} with the same bits. */
public enum StoragePoolCreateFlag implements Flag {
    /** Build the pool before starting it. */
    WITH_BUILD(1),
    /** Build it, overwriting what is there. */
    WITH_BUILD_OVERWRITE(1 << 1),
    /** Build it, but fail rather than overwrite what is there. */
    WITH_BUILD_NO_OVERWRITE(1 << 2);

    private final int bit;

    StoragePoolCreateFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }
}
