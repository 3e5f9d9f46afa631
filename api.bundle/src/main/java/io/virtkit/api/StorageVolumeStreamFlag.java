package io.virtkit.api;

/**
 * Options for a storage volume's upload or download, libvirt's {@code virStorageVolUploadFlags} and {@code
 * virStorageVolDownloadFlags}, which share their one bit.
 */
public enum StorageVolumeStreamFlag implements Flag {
    /** Holes travel as holes ({@link VolumeUpload#skipHole}, {@link VolumeDownload#skipHole}) rather than as zeros. */
    SPARSE_STREAM(1);

    private final int bit;

    StorageVolumeStreamFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }
}
