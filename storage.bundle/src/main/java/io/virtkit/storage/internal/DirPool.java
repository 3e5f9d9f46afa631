package io.virtkit.storage.internal;

import io.virtkit.api.ErrorCode;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A {@code dir} pool's host side: its target directory checked, built, deleted, scanned for volumes, and the
 * space of the file system holding it (statvfs). The fs pool uses the same once its device is mounted.
 */
final class DirPool {
    private final Path target;
    private final VolumeProbe probe;

    DirPool(Path target, QemuImg qemuImg) {
        this.target = target;
        this.probe = new VolumeProbe(qemuImg);
    }

    Path target() {
        return target;
    }

    /** libvirt's check of a dir pool at daemon start: active when its directory exists. */
    boolean isActive() {
        return Files.isDirectory(target);
    }

    /**
     * What starting or refreshing needs of the target: it exists, is a directory, and this process may list it
     * and create files in it. The errors are those libvirt's opening of the directory gives.
     */
    void verifyTarget() {
        if (!Files.exists(target)) {
            throw StorageErrors.error(ErrorCode.SYSTEM_ERROR,
                    "cannot open directory '" + target + "': No such file or directory");
        }
        if (!Files.isDirectory(target)) {
            throw StorageErrors.error(ErrorCode.SYSTEM_ERROR, "cannot open directory '" + target + "': Not a directory");
        }
        if (!Files.isReadable(target) || !Files.isExecutable(target) || !Files.isWritable(target)) {
            throw StorageErrors.error(ErrorCode.SYSTEM_ERROR, "cannot open directory '" + target + "': Permission denied");
        }
    }

    /**
     * Builds the pool: its parents as needed, then the directory with the pool's mode (libvirt's 0711 when
     * none), owner and group. An existing directory is kept and given the permissions asked for.
     */
    void build(FilePermissions permissions) {
        if (!target.isAbsolute()) {
            throw StorageErrors.error(ErrorCode.INVALID_ARG, "path '" + target + "' is not absolute");
        }
        // no mode given: a new directory gets libvirt's default, an existing one keeps its own
        FilePermissions perms = permissions.mode() < 0 && !Files.isDirectory(target)
                ? new FilePermissions(FilePermissions.POOL_DIR_MODE, permissions.uid(), permissions.gid())
                : permissions;
        Path parent = target.getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw StorageErrors.system(e, "cannot create path '" + parent + "'");
        }
        try {
            if (!Files.isDirectory(target)) {
                Files.createDirectory(target);
            }
        } catch (IOException e) {
            throw StorageErrors.system(e, "failed to create directory '" + target + "'");
        }
        perms.applyTo(target);
    }

    /** Deletes the pool's directory, which must be empty: libvirt removes no volumes here. */
    void delete() {
        try {
            Files.delete(target);
        } catch (IOException e) {
            throw StorageErrors.system(e, "failed to remove pool '" + target + "'");
        }
    }

    /** The volumes in the directory, by name: each regular file and block device that qemu-img can read. */
    List<HostVolume> refresh() {
        verifyTarget();
        List<HostVolume> volumes = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(target)) {
            for (Path entry : entries) {
                if (entry.getFileName().toString().chars().anyMatch(Character::isISOControl)) {
                    continue; // libvirt ignores names with control characters (they would break its XML)
                }
                if (VolumeJobs.isPartial(entry.getFileName().toString())) {
                    continue; // a volume being built, or what a crash left of one: not a volume
                }
                probe.probe(entry.getFileName().toString(), entry).ifPresent(volumes::add);
            }
        } catch (IOException e) {
            throw StorageErrors.system(e, "cannot open directory '" + target + "'");
        }
        volumes.sort(Comparator.comparing(HostVolume::name));
        return volumes;
    }

    /**
     * The file system's sizes as statvfs gives them: blocks, blocks in use, blocks free to unprivileged users
     * (f_bavail, libvirt's "available"). On ext4 root may write past that into the reserved blocks: uid 0 is
     * ext4's default resuid, so this holds even for a root without CAP_SYS_RESOURCE (FsPoolTest shows it).
     */
    PoolSpace space() {
        try {
            FileStore store = Files.getFileStore(target);
            long total = store.getTotalSpace();
            return new PoolSpace(total, total - store.getUnallocatedSpace(), store.getUsableSpace());
        } catch (IOException e) {
            throw StorageErrors.system(e, "cannot statvfs path '" + target + "'");
        }
    }
}
