package io.virtkit.storage.internal;

import io.virtkit.model.storage.VolumeFeatures;

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
 * @param physical      the bytes the file or device spans (a file's st_size), libvirt's {@code <physical>}
 * @param compat        qcow2 version 3's "1.1", else null ({@link ImageInfo#compat})
 * @param clusterSize   qcow2's cluster size in bytes, else null
 * @param features      qcow2 version 3's features, else null
 */
record HostVolume(String name, Path path, Kind kind, String format, long capacity, long allocation,
                  String backingFile, String backingFormat, long physical, String compat, Long clusterSize,
                  VolumeFeatures features) {

    /** A volume without qcow2 facts that spans its capacity (a block device, a logical volume). */
    HostVolume(String name, Path path, Kind kind, String format, long capacity, long allocation,
               String backingFile, String backingFormat) {
        this(name, path, kind, format, capacity, allocation, backingFile, backingFormat, capacity, null, null, null);
    }

    /** A directory in a pool's directory: libvirt's dir volume, of format "dir" and no size. */
    static HostVolume directory(String name, Path path) {
        return new HostVolume(name, path, Kind.DIR, "dir", 0, 0, null, null, 0, null, null, null);
    }

    /** libvirt's volume types that these backends produce. */
    enum Kind { FILE, BLOCK, DIR }
}
