package io.virtkit.api;

/** Options for creating a storage volume, libvirt's {@code virStorageVolCreateFlags} with the same bits. */
public enum StorageVolumeCreateFlag implements Flag {
    /** Preallocate only the metadata (qcow2). */
    PREALLOC_METADATA(1),
    /** Clone by copy-on-write (reflink) where the file system can. */
    REFLINK(1 << 1),
    /** Validate the XML against libvirt's schema. */
    VALIDATE(1 << 2);

    private final int bit;

    StorageVolumeCreateFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }
}
