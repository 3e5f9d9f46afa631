package io.virtkit.storage.internal;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.StorageVolumeCreateFlag;
import io.virtkit.api.VirtException;

import java.nio.file.Path;
import java.util.List;

/**
 * libvirt's reflink clone ({@code VIR_STORAGE_VOL_CREATE_REFLINK}, virt-clone's {@code --reflink}): the new
 * raw file shares the source's blocks (the FICLONE ioctl, through {@code cp --reflink=always}) or the clone
 * fails; nothing is copied instead. Only libvirt's raw-to-raw build takes the flag: its qemu-img builds refuse it.
 */
final class Reflinks {
    private Reflinks() {
    }

    /** libvirt's refusal of the flag by a build through qemu-img (a format other than raw on either side). */
    static VirtException refusedByQemuImgBuild(long flags) {
        // libvirt's flag check reports its message bare, with no "invalid argument: " before it
        return VirtException.withMessage(ErrorCode.INVALID_ARG, ErrorDomain.STORAGE, "unsupported flags (0x"
                + Long.toHexString(flags & ~StorageVolumeCreateFlag.PREALLOC_METADATA.bit())
                + ") in function storageBackendCreateQemuImg");
    }

    /**
     * Clones {@code source} into the existing file {@code target} (which keeps its mode); a file system
     * without reflinks (ext4, tmpfs) gives libvirt's "failed to clone files from 'source': Operation not
     * supported".
     */
    static void clone(Path source, Path target) {
        HostCommand.Result r = HostCommand.run(List.of("cp", "--reflink=always", "--", source.toString(),
                target.toString()));
        if (!r.ok()) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.STORAGE,
                    "failed to clone files from '" + source + "': " + strerror(r.stderr()));
        }
    }

    /** The errno wording at the end of cp's message ("cp: failed to clone 'b' from 'a': Operation not supported"). */
    static String strerror(String stderr) {
        String line = stderr.strip();
        int nl = line.lastIndexOf('\n');
        line = nl < 0 ? line : line.substring(nl + 1);
        int colon = line.lastIndexOf(": ");
        return colon < 0 ? line : line.substring(colon + 2);
    }
}
