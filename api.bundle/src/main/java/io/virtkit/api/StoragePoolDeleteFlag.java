package io.virtkit.api;

/**
 * Options for deleting a storage pool's underlying storage, libvirt's {@code virStoragePoolDeleteFlags} with the same
 * bits (none: just delete).
 */
public enum StoragePoolDeleteFlag implements Flag {
    /** Clear the data first. */
    ZEROED(1);

    private final int bit;

    StoragePoolDeleteFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }
}
