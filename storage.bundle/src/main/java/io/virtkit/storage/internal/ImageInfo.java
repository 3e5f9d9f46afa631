package io.virtkit.storage.internal;

/**
 * What {@code qemu-img info} tells of one image.
 *
 * @param format        qemu's format name (raw, qcow2, vmdk, vdi, …), libvirt's names for these
 * @param virtualSize   the guest-visible size in bytes (libvirt's capacity)
 * @param actualSize    the bytes the host file system holds for it (st_blocks × 512, libvirt's allocation)
 * @param backingFile   the backing file as the image names it, or null
 * @param backingFormat the backing file's format as the image names it, or null
 * @param fullBackingFile the backing file resolved against the image's directory, or null
 */
record ImageInfo(String format, long virtualSize, long actualSize, String backingFile, String backingFormat,
                 String fullBackingFile) {
}
