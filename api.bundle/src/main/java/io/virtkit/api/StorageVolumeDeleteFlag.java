package io.virtkit.api;

/**
 * Options for deleting a storage volume, libvirt's {@code virStorageVolDeleteFlags} with the same bits (none: just
 * delete).
 */
public enum StorageVolumeDeleteFlag implements Flag {
    /** Clear the data first. */
    ZEROED(1),
    /** Delete the volume's snapshots too. */
    WITH_SNAPSHOTS(1 << 1);

    private final int bit;

    StorageVolumeDeleteFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }
}
