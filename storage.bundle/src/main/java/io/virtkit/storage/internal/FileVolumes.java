package io.virtkit.storage.internal;

import io.virtkit.api.ErrorCode;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The volumes of a directory-backed pool (dir, and fs once mounted): files created raw or qcow2, cloned or
 * converted, resized, wiped with zeros and deleted. A new volume is built under a hidden name and
 * {@link #publish}ed whole under its own, so neither a failure nor a crash half-way leaves a partial volume.
 */
final class FileVolumes {
    private final Path poolDir;
    private final QemuImg qemuImg;
    private final VolumeProbe probe;

    FileVolumes(Path poolDir, QemuImg qemuImg) {
        this.poolDir = poolDir;
        this.qemuImg = qemuImg;
        this.probe = new VolumeProbe(qemuImg);
    }

    /** The volume named {@code name} as it is now on disk. */
    HostVolume lookup(String name) {
        Path path = poolDir.resolve(name);
        if (name.indexOf('/') >= 0 || VolumeJobs.isPartial(name) || !VolumeProbe.exists(path)) {
            throw StorageErrors.error(ErrorCode.NO_STORAGE_VOL, "no storage vol with matching name '" + name + "'");
        }
        return probe.require(name, path);
    }

    /**
     * A raw volume: a file of {@code capacity} bytes whose first {@code allocation} bytes are reserved
     * (fallocate), as libvirt does: sparse with allocation 0, fully allocated with allocation = capacity.
     */
    HostVolume createRaw(String name, long capacity, long allocation, FilePermissions permissions) {
        Path path = VolumeNames.newVolumePath(poolDir, name);
        return publish(buildRaw(partial(name), path, capacity, allocation, permissions), name);
    }

    /** A qcow2 volume through {@code qemu-img create} ({@link #buildQcow2}). */
    HostVolume createQcow2(String name, long capacity, Qcow2Options options, FilePermissions permissions) {
        Path path = VolumeNames.newVolumePath(poolDir, name);
        Qcow2Options opts = checkQcow2(options);
        return publish(buildQcow2(partial(name), path, capacity, opts, permissions), name);
    }

    /** A new volume {@code name} holding {@code source}'s data in {@code format} ({@link #buildClone}). */
    HostVolume cloneFrom(HostVolume source, String name, String format, FilePermissions permissions,
                         ProgressListener progress) {
        checkCloneSource(source);
        Path path = VolumeNames.newVolumePath(poolDir, name);
        return publish(buildClone(partial(name), path, source, format, permissions, progress), name);
    }

    /** Where the volume {@code name} is built before it is {@link #publish}ed. */
    Path partial(String name) {
        return poolDir.resolve(VolumeJobs.PARTIAL_PREFIX + name);
    }

    /**
     * Builds a raw volume into {@code file} (errors name {@code path}, the volume's own). A failure leaves
     * no file.
     */
    Path buildRaw(Path file, Path path, long capacity, long allocation, FilePermissions permissions) {
        createFile(file, path, permissions);
        try {
            try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                f.setLength(capacity);
            } catch (IOException e) {
                throw StorageErrors.system(e, "cannot extend file '" + path + "'");
            }
            long reserve = Math.min(allocation, capacity);
            if (reserve > 0) {
                try {
                    RawFiles.fallocate(file, 0, reserve);
                } catch (IOException e) {
                    throw StorageErrors.system(e, "cannot allocate " + reserve + " bytes in file '" + path + "'");
                }
            }
            sync(file, path);
            return file;
        } catch (RuntimeException e) {
            removeQuietly(file, e);
            throw e;
        }
    }

    /**
     * A qcow2 volume's options checked: a backing store must be readable; its format, when not given, is
     * probed (qemu-img refuses a backing file without one).
     */
    Qcow2Options checkQcow2(Qcow2Options options) {
        Qcow2Options opts = options == null ? Qcow2Options.DEFAULT : options;
        if (opts.backingFile() != null) {
            Path backing = Path.of(opts.backingFile());
            if (!Files.isReadable(backing)) {
                throw StorageErrors.error(ErrorCode.SYSTEM_ERROR, "inaccessible backing store volume "
                        + opts.backingFile() + ": " + (Files.exists(backing) ? "Permission denied" : "No such file or directory"));
            }
            if (opts.backingFormat() == null) {
                opts = new Qcow2Options(opts.backingFile(), qemuImg.info(backing).format(), opts.compat(),
                        opts.clusterSize(), opts.lazyRefcounts());
            }
        }
        if (opts.lazyRefcounts() && "0.10".equals(opts.compat())) {
            throw StorageErrors.error(ErrorCode.CONFIG_UNSUPPORTED, "lazy_refcounts not supported with compat level 0.10");
        }
        return opts;
    }

    /** As {@link #checkQcow2(Qcow2Options)}; libvirt refuses preallocation with a backing store. */
    Qcow2Options checkQcow2(Qcow2Options options, Preallocation preallocation) {
        if (options != null && options.backingFile() != null && preallocation != Preallocation.NONE) {
            throw StorageErrors.error(ErrorCode.CONFIG_UNSUPPORTED, "metadata preallocation conflicts with backing store");
        }
        return checkQcow2(options);
    }

    /** Builds a qcow2 volume ({@link #checkQcow2}ed options) into {@code file}; a failure leaves no file. */
    Path buildQcow2(Path file, Path path, long capacity, Qcow2Options options, FilePermissions permissions) {
        return buildQcow2(file, path, capacity, options, Preallocation.NONE, permissions);
    }

    /** As {@link #buildQcow2(Path, Path, long, Qcow2Options, FilePermissions)}, preallocated as asked. */
    Path buildQcow2(Path file, Path path, long capacity, Qcow2Options options, Preallocation preallocation,
                    FilePermissions permissions) {
        try {
            qemuImg.create(file, "qcow2", capacity, options, preallocation);
            resolvePermissions(permissions).applyTo(file);
            return file;
        } catch (RuntimeException e) {
            removeQuietly(file, e);
            throw e;
        }
    }

    /** libvirt's refusal to clone a volume whose backing file is missing, before anything is created. */
    static void checkCloneSource(HostVolume source) {
        if (source.backingFile() != null && !Files.exists(Path.of(source.backingFile()))) {
            throw StorageErrors.error(ErrorCode.SYSTEM_ERROR, "Cannot access backing file '" + source.backingFile()
                    + "' of storage file '" + source.path() + "': No such file or directory");
        }
    }

    /**
     * Builds into {@code file} a copy of {@code source}'s data in {@code format}: raw to raw is copied here,
     * keeping holes; anything else goes through {@code qemu-img convert}. A failure (a full file system
     * half-way) leaves no file.
     */
    Path buildClone(Path file, Path path, HostVolume source, String format, FilePermissions permissions,
                    ProgressListener progress) {
        return buildClone(file, path, source, format, null, Preallocation.NONE, permissions, progress);
    }

    /**
     * As {@link #buildClone(Path, Path, HostVolume, String, FilePermissions, ProgressListener)}, a qcow2 copy
     * made with the new volume's {@code options} ({@link #checkQcow2}ed; a backing store in them is not
     * used: the copy holds all the data) and {@code preallocation} ({@link Preallocation#refuseForCopy}
     * checked), as libvirt passes both to qemu-img convert.
     */
    Path buildClone(Path file, Path path, HostVolume source, String format, Qcow2Options options,
                    Preallocation preallocation, FilePermissions permissions, ProgressListener progress) {
        try {
            if ("raw".equals(source.format()) && "raw".equals(format)) {
                createFile(file, path, permissions);
                try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                    f.setLength(source.capacity());
                } catch (IOException e) {
                    throw StorageErrors.system(e, "cannot extend file '" + path + "'");
                }
                try {
                    RawFiles.copySparse(source.path(), file, source.capacity(), progress);
                } catch (IOException e) {
                    throw StorageErrors.system(e, "failed writing to file '" + path + "'");
                }
            } else {
                qemuImg.convert(source.path(), source.format(), file, format, "qcow2".equals(format) ? options : null,
                        preallocation, source.capacity(), progress);
                resolvePermissions(permissions).applyTo(file);
            }
            return file;
        } catch (RuntimeException e) {
            removeQuietly(file, e);
            throw e;
        }
    }

    /**
     * Gives the whole volume built in {@code file} its name: a hard link (which, unlike rename, never
     * replaces a file of that name), then the build's name removed. Until the link, a crash leaves only the
     * hidden file; after it, a whole volume.
     */
    HostVolume publish(Path file, String name) {
        Path path = poolDir.resolve(name);
        try {
            Files.createLink(path, file);
        } catch (IOException e) {
            RuntimeException failure = StorageErrors.system(e, "cannot rename file '" + file + "' as '" + path + "'");
            removeQuietly(file, failure);
            throw failure;
        }
        try {
            Files.delete(file);
        } catch (IOException e) {
            // the volume is whole under its name; the leftover link goes at the pool's next refresh
        }
        return probe.require(name, path);
    }

    /**
     * Changes a volume's capacity. Shrinking needs {@code shrink}; {@code allocate} reserves the new space of
     * a raw file. qcow2 and other formats go through {@code qemu-img resize}.
     */
    HostVolume resize(HostVolume volume, long capacity, boolean shrink, boolean allocate) {
        if (capacity < volume.capacity() && !shrink) {
            throw StorageErrors.error(ErrorCode.INVALID_ARG,
                    "Can't shrink capacity below current capacity unless shrink flag explicitly specified");
        }
        if (volume.kind() == HostVolume.Kind.BLOCK) {
            throw StorageErrors.error(ErrorCode.OPERATION_UNSUPPORTED,
                    "cannot resize block device volume '" + volume.path() + "'");
        }
        if ("raw".equals(volume.format())) {
            try (RandomAccessFile f = new RandomAccessFile(volume.path().toFile(), "rw")) {
                f.setLength(capacity);
            } catch (IOException e) {
                throw StorageErrors.system(e, "Failed to truncate volume with path '" + volume.path() + "' to "
                        + capacity + " bytes");
            }
            if (allocate && capacity > volume.capacity()) {
                try {
                    RawFiles.fallocate(volume.path(), volume.capacity(), capacity - volume.capacity());
                } catch (IOException e) {
                    throw StorageErrors.system(e, "Failed to preallocate space for volume with path '"
                            + volume.path() + "'");
                }
            }
        } else {
            if (allocate) {
                throw StorageErrors.error(ErrorCode.OPERATION_UNSUPPORTED,
                        "preallocate is only supported for raw type volume");
            }
            qemuImg.resize(volume.path(), volume.format(), capacity, capacity < volume.capacity());
        }
        return probe.require(volume.name(), volume.path());
    }

    /**
     * libvirt's zero wipe: a file that is mostly holes is emptied and grown back (all holes, all zeros);
     * otherwise zeros are written over every byte of it, reported as they go.
     */
    void wipe(HostVolume volume, ProgressListener progress) {
        Path path = volume.path();
        try {
            long size = volume.kind() == HostVolume.Kind.BLOCK ? volume.capacity() : Files.size(path);
            long blocks = volume.kind() == HostVolume.Kind.BLOCK ? size : volume.allocation();
            if (volume.kind() == HostVolume.Kind.FILE && blocks < size) {
                try (var ch = Files.newByteChannel(path, StandardOpenOption.WRITE)) {
                    ch.truncate(0);
                }
                try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
                    f.setLength(size);
                    f.getFD().sync();
                }
                progress.progress(size, size);
            } else {
                RawFiles.writeZeros(path, size, progress);
            }
        } catch (IOException e) {
            throw StorageErrors.system(e, "Failed to wipe volume '" + path + "'");
        }
    }

    /** Deletes a volume's file; one already gone is no error, as in libvirt. */
    void delete(HostVolume volume) {
        try {
            Files.delete(volume.path());
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            throw StorageErrors.system(e, "cannot unlink file '" + volume.path() + "'");
        }
    }

    private static FilePermissions resolvePermissions(FilePermissions p) {
        return p.mode() < 0 ? new FilePermissions(FilePermissions.VOLUME_MODE, p.uid(), p.gid()) : p;
    }

    /**
     * Creates {@code file} exclusively (O_EXCL), with the volume's permissions before any data goes in;
     * errors name the volume's {@code path}.
     */
    private static void createFile(Path file, Path path, FilePermissions permissions) {
        try {
            Files.createFile(file);
        } catch (IOException e) {
            throw StorageErrors.system(e, "Failed to create file '" + path + "'");
        }
        try {
            resolvePermissions(permissions).applyTo(file);
        } catch (RuntimeException e) {
            removeQuietly(file, e);
            throw e;
        }
    }

    private static void sync(Path file, Path path) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.getFD().sync();
        } catch (IOException e) {
            throw StorageErrors.system(e, "cannot sync data to file '" + path + "'");
        }
    }

    static void removeQuietly(Path path, RuntimeException cause) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }
}
