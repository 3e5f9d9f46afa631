package io.virtkit.storage.internal;

import io.virtkit.api.ErrorCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * An {@code fs} pool's host side: a block device (or image on a loop device) formatted at build with the
 * pool's file system and mounted on the target directory while the pool runs. Its volumes are the mounted
 * directory's files, so refresh and space are a {@link DirPool}'s. Mounting needs CAP_SYS_ADMIN in the
 * initial namespaces (held by this root); formatting needs write access to the device only.
 */
final class FsPool implements PoolBackend {
    /** The formats whose mkfs this host's packages provide (host-programs.tsv: e2fsprogs). */
    static final Set<String> BUILDABLE_FORMATS = Set.of("ext2", "ext3", "ext4");

    private final Path device;
    private final String format;
    private final DirPool directory;
    private final MountTable mounts;

    FsPool(Path device, Path target, String format, QemuImg qemuImg) {
        this(device, target, format, qemuImg, new MountTable());
    }

    FsPool(Path device, Path target, String format, QemuImg qemuImg, MountTable mounts) {
        this.device = device;
        this.format = format;
        this.directory = new DirPool(target, qemuImg);
        this.mounts = mounts;
    }

    Path device() {
        return device;
    }

    @Override
    public Path target() {
        return directory.target();
    }

    /** libvirt's check of an fs pool: running when its target is mounted. */
    @Override
    public boolean isActive() {
        return mounts.at(target()).isPresent();
    }

    /**
     * Builds the pool: its target directory always; with NO_OVERWRITE or OVERWRITE also the file system on
     * the device ({@code mkfs.<format>}), NO_OVERWRITE refusing a device that holds something.
     */
    @Override
    public void build(FilePermissions permissions, PoolBuildMode mode) {
        directory.build(permissions);
        if (mode == PoolBuildMode.DEFAULT) {
            return;
        }
        if (!BUILDABLE_FORMATS.contains(format)) {
            throw StorageErrors.error(ErrorCode.OPERATION_UNSUPPORTED,
                    "No support for file system format '" + format + "' on this host (mkfs." + format + ")");
        }
        requireDevice();
        if (mounts.isSourceMounted(device)) {
            throw StorageErrors.error(ErrorCode.OPERATION_INVALID, "Device '" + device + "' is mounted");
        }
        if (mode == PoolBuildMode.NO_OVERWRITE) {
            DeviceProbe.requireEmpty(device, format);
        }
        // -F: mke2fs asks before formatting a whole device or one holding a file system; stdin is /dev/null
        HostCommand.check(List.of("mkfs." + format, "-F", "-q", device.toString()));
    }

    /**
     * Mounts the device on the target, never twice, and checks the mount table shows it there. The device
     * must already hold the pool's format (libvirt's probe before mounting).
     */
    @Override
    public void start() {
        if (isActive()) {
            throw StorageErrors.error(ErrorCode.OPERATION_INVALID, "Target '" + target() + "' is already mounted");
        }
        requireDevice();
        if (format != null && !format.equals("auto")) {
            DeviceProbe.requireFormat(device, format);
        }
        directory.verifyTarget();
        String type = format == null || format.equals("auto") ? "auto" : format;
        HostCommand.check(List.of("mount", "-t", type, device.toString(), target().toString()));
        if (!isActive()) {
            throw StorageErrors.error(ErrorCode.INTERNAL_ERROR,
                    "mount of '" + device + "' on '" + target() + "' does not show in /proc/self/mountinfo");
        }
    }

    /** Unmounts the target; a target not mounted is already stopped. */
    @Override
    public void stop() {
        if (!isActive()) {
            return;
        }
        HostCommand.check(List.of("umount", target().toString()));
    }

    /** Deletes the (unmounted) target directory, which must be empty; the device is left as it is. */
    @Override
    public void delete() {
        if (isActive()) {
            throw StorageErrors.error(ErrorCode.OPERATION_INVALID, "Target '" + target() + "' is still mounted");
        }
        directory.delete();
    }

    /** The mounted file system's volumes. */
    @Override
    public List<HostVolume> refresh() {
        requireMounted();
        return directory.refresh();
    }

    /** The mounted file system's space. */
    @Override
    public PoolSpace space() {
        requireMounted();
        return directory.space();
    }

    private void requireMounted() {
        if (!isActive()) {
            throw StorageErrors.error(ErrorCode.OPERATION_INVALID, "Target '" + target() + "' is not mounted");
        }
    }

    private void requireDevice() {
        if (!Files.exists(device)) {
            throw StorageErrors.error(ErrorCode.INVALID_ARG, "Source device does not exist -> '" + device + "'");
        }
    }
}
