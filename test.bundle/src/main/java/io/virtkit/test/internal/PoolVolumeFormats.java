package io.virtkit.test.internal;

import java.util.Set;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.storage.StoragePoolType;

/**
 * Which volume formats a pool type takes, as libvirt's per-pool-type volume options decide them: file pools
 * (dir, fs, netfs, rbd, gluster, vstorage) take the image formats and default to raw, disk pools the partition
 * types and default to none; the other types keep no volume format at all (one given is dropped, as libvirt
 * drops it). The model's codec only checks that a format is one libvirt's schema knows.
 */
final class PoolVolumeFormats {

    /** libvirt's image formats a volume may have ({@code virStorageFileFormat} without none). */
    private static final Set<String> FILE = Set.of("raw", "dir", "bochs", "cloop", "dmg", "iso", "vpc", "vdi",
            "fat", "vhd", "ploop", "cow", "qcow", "qcow2", "qed", "vmdk", "luks");
    /** libvirt's partition types of a disk pool's volumes ({@code virStorageVolFormatDisk}). */
    private static final Set<String> DISK = Set.of("none", "linux", "fat16", "fat32", "linux-swap", "linux-lvm",
            "linux-raid", "extended");

    private PoolVolumeFormats() {
    }

    /** The format a volume of a {@code pool} pool has when asked for {@code format} ({@code null}: none given). */
    static String resolve(StoragePoolType pool, String format) {
        Set<String> known;
        String fallback;
        switch (pool) {
            case DIR, FS, NETFS, RBD, GLUSTER, VSTORAGE -> {
                known = FILE;
                fallback = "raw";
            }
            case DISK -> {
                known = DISK;
                fallback = "none";
            }
            default -> {
                return null;
            }
        }
        if (format == null) {
            return fallback;
        }
        if (!known.contains(format)) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.STORAGE,
                    "unknown volume format type " + format);
        }
        return format;
    }
}
