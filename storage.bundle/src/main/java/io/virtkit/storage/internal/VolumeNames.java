package io.virtkit.storage.internal;

import io.virtkit.api.ErrorCode;

import java.nio.file.Path;

/**
 * Where a new volume of a directory-backed pool goes: a file named as the volume, directly in the pool's
 * directory. Names that would leave it, or name the directory itself, are refused as libvirt refuses them.
 */
final class VolumeNames {
    private VolumeNames() {
    }

    /** The path of a new volume named {@code name} in {@code poolDir}, which must not exist yet. */
    static Path newVolumePath(Path poolDir, String name) {
        if (name == null || name.isEmpty()) {
            throw StorageErrors.error(ErrorCode.NO_NAME, "volume");
        }
        if (name.indexOf('/') >= 0) {
            throw StorageErrors.error(ErrorCode.OPERATION_INVALID, "volume name '" + name + "' cannot contain '/'");
        }
        Path path = Path.of(poolDir.toString(), name);
        // "." and ".." name directories that exist: libvirt refuses them as existing targets
        if (name.equals(".") || name.equals("..") || VolumeProbe.exists(path)) {
            throw StorageErrors.error(ErrorCode.OPERATION_INVALID,
                    "volume target path '" + poolDir + "/" + name + "' already exists");
        }
        return path;
    }
}
