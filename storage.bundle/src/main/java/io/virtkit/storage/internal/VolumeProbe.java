package io.virtkit.storage.internal;

import io.virtkit.api.VirtException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * What a file or block device in a pool is as a volume: its kind, and its format, capacity, allocation and
 * backing store as {@code qemu-img info} probes them. The allocation of a file is qemu-img's actual size,
 * which is st_blocks × 512 as libvirt counts it, its physical size its st_size; a block device is wholly
 * allocated.
 */
final class VolumeProbe {
    private final QemuImg qemuImg;

    VolumeProbe(QemuImg qemuImg) {
        this.qemuImg = qemuImg;
    }

    /**
     * The volume at {@code path}, or empty for what libvirt's refresh passes over: a vanished entry, a
     * dangling link, a special file, an image qemu-img cannot read. A directory is a dir volume, as in libvirt.
     */
    Optional<HostVolume> probe(String name, Path path) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class); // follows links as libvirt's stat
        } catch (IOException e) {
            return Optional.empty();
        }
        HostVolume.Kind kind;
        if (attrs.isDirectory()) {
            return Optional.of(HostVolume.directory(name, path)); // libvirt lists a subdirectory as a volume
        } else if (attrs.isRegularFile()) {
            kind = HostVolume.Kind.FILE;
        } else if (attrs.isOther() && isBlockDevice(path)) {
            kind = HostVolume.Kind.BLOCK;
        } else {
            return Optional.empty();
        }
        ImageInfo info;
        try {
            info = qemuImg.info(path);
        } catch (VirtException e) {
            return Optional.empty();
        }
        return Optional.of(toVolume(name, path, kind, info));
    }

    /** The volume at {@code path}, failing when it cannot be probed (a volume the caller names). */
    HostVolume require(String name, Path path) {
        if (Files.isDirectory(path)) {
            return HostVolume.directory(name, path);
        }
        HostVolume.Kind kind = isBlockDevice(path) ? HostVolume.Kind.BLOCK : HostVolume.Kind.FILE;
        return toVolume(name, path, kind, qemuImg.info(path));
    }

    private static HostVolume toVolume(String name, Path path, HostVolume.Kind kind, ImageInfo info) {
        long allocation = kind == HostVolume.Kind.BLOCK ? info.virtualSize() : info.actualSize();
        String backing = info.fullBackingFile() != null ? info.fullBackingFile() : info.backingFile();
        long physical = kind == HostVolume.Kind.BLOCK ? info.virtualSize() : fileSize(path);
        // a raw file's capacity is its size, which qemu-img rounds up to whole 512-byte sectors
        long capacity = kind == HostVolume.Kind.FILE && "raw".equals(info.format()) ? physical : info.virtualSize();
        return new HostVolume(name, path, kind, info.format(), capacity, allocation, backing,
                info.backingFormat(), physical, info.compat(), info.clusterSize(), info.features());
    }

    /** A file's st_size, libvirt's physical size of a file volume; 0 when it went meanwhile. */
    private static long fileSize(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return 0;
        }
    }

    static boolean isBlockDevice(Path path) {
        try {
            Object mode = Files.getAttribute(path, "unix:mode");
            return mode instanceof Integer m && (m & 0170000) == 0060000;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    static boolean exists(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }
}
