package io.virtkit.storage.internal;

import io.virtkit.api.ErrorCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * A pool's or volume's {@code <permissions>}: mode, owner and group; -1 leaves a value as the file got it.
 * Root sets them with CAP_FOWNER and CAP_CHOWN (held here; CAP_SYS_RESOURCE, which this root lacks, is
 * not needed for either).
 */
record FilePermissions(int mode, long uid, long gid) {
    /** libvirt's default mode of a pool directory it builds. */
    static final int POOL_DIR_MODE = 0711;
    /** libvirt's default mode of a volume file it creates. */
    static final int VOLUME_MODE = 0600;

    static FilePermissions mode(int mode) {
        return new FilePermissions(mode, -1, -1);
    }

    /** Gives {@code path} these permissions, reporting a failure as libvirt's system error. */
    void applyTo(Path path) {
        try {
            if (mode >= 0) {
                Files.setPosixFilePermissions(path, posix(mode));
            }
            if (uid >= 0) {
                Files.setAttribute(path, "unix:uid", (int) uid);
            }
            if (gid >= 0) {
                Files.setAttribute(path, "unix:gid", (int) gid);
            }
        } catch (IOException e) {
            throw StorageErrors.system(e, "cannot set permissions of '" + path + "'");
        }
    }

    static Set<PosixFilePermission> posix(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE};
        for (int i = 0; i < 9; i++) {
            if ((mode & (0400 >> i)) != 0) {
                set.add(order[i]);
            }
        }
        if ((mode & ~0777) != 0) {
            throw StorageErrors.error(ErrorCode.CONFIG_UNSUPPORTED,
                    "mode " + Integer.toOctalString(mode) + " carries bits beyond rwx for owner, group and others");
        }
        return set;
    }

    /** The mode bits of an existing file. */
    static int modeOf(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= 0400 >> p.ordinal();
        }
        return mode;
    }
}
