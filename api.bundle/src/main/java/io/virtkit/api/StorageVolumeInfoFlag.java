package io.virtkit.api;

/**
 * Options for a storage volume's info, libvirt's {@code virStorageVolInfoFlags} with the same bits (none: the
 * allocation is what the volume's data use).
 */
public enum StorageVolumeInfoFlag implements Flag {
    /** Report the physical size of the volume's host file or device as the allocation. */
    GET_PHYSICAL(1);

    private final int bit;

    StorageVolumeInfoFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }
}
