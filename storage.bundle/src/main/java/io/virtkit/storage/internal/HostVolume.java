package io.virtkit.storage.internal;

import java.nio.file.Path;

/**
 * A volume as the host shows it, what a pool's refresh lists.
 *
 * @param name          the volume's name in its pool (the file's or logical volume's name)
 * @param path          its path on the host
 * @param kind          a file, a block device
 * @param format        qemu-img's format name (raw, qcow2, …); "raw" for a logical volume
 * @param capacity      bytes the guest sees
 * @param allocation    bytes the host holds for it
 * @param backingFile   the backing store's path, or null
 * @param backingFormat the backing store's format, or null
 */
record HostVolume(String name, Path path, Kind kind, String format, long capacity, long allocation,
                  String backingFile, String backingFormat) {

    /** libvirt's volume types that these backends produce. */
    enum Kind { FILE, BLOCK }
}
