package io.virtkit.storage.internal;

import io.virtkit.model.storage.VolumeFeatures;

/**
 * What {@code qemu-img info} tells of one image.
 *
 * @param format        qemu's format name (raw, qcow2, vmdk, vdi, …), libvirt's names for these
 * @param virtualSize   the guest-visible size in bytes (libvirt's capacity)
 * @param actualSize    the bytes the host file system holds for it (st_blocks × 512, libvirt's allocation)
 * @param backingFile   the backing file as the image names it, or null
 * @param backingFormat the backing file's format as the image names it, or null
 * @param fullBackingFile the backing file resolved against the image's directory, or null
 * @param compat        a qcow2 version 3 image's "1.1", else null: libvirt reports no compat for version 2
 * @param clusterSize   a qcow2 image's cluster size in bytes, else null (libvirt reads it for qcow2 only)
 * @param features      a qcow2 version 3 image's features, else null (version 2 has none to report)
 */
record ImageInfo(String format, long virtualSize, long actualSize, String backingFile, String backingFormat,
                 String fullBackingFile, String compat, Long clusterSize, VolumeFeatures features) {

    /** An image without qcow2 facts. */
    ImageInfo(String format, long virtualSize, long actualSize, String backingFile, String backingFormat,
              String fullBackingFile) {
        this(format, virtualSize, actualSize, backingFile, backingFormat, fullBackingFile, null, null, null);
    }
}
