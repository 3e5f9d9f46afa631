package io.virtkit.storage.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.virtkit.api.ErrorCode;

/**
 * What is under way on the volumes of one set of pools, libvirt's {@code building}, {@code in_use} and pool
 * {@code asyncjobs}: volumes being built (created or cloned into), volumes read or written by a stream or
 * cloned from. Such a volume cannot be deleted, wiped or resized, and a pool with a build under way cannot be
 * destroyed, refreshed, deleted or undefined. Guarded by the {@link StoragePoolTable}'s monitor.
 *
 * <p>A volume is built into a hidden file of its pool's directory, named {@link #PARTIAL_PREFIX} and the
 * volume's name, and linked under its own name only once whole ({@link FileVolumes#publish}), so a crash
 * (kill -9) half-way leaves no file that looks like a whole volume. Refresh never lists such files; those no
 * build of this driver owns are removed when their pool starts or refreshes ({@link #removeStale}).
 */
final class VolumeJobs {
    private static final System.Logger LOG = System.getLogger(VolumeJobs.class.getName());

    /** The name of a volume's file while it is built; a volume cannot be given a name starting so. */
    static final String PARTIAL_PREFIX = ".virtkit-partial-";

    /**
     * A volume being built.
     *
     * @param pool     its pool's name
     * @param name     the volume's name
     * @param path     its path once built (its key)
     * @param partial  the hidden file it is built in
     * @param source   the path of the volume it is cloned from, or null
     * @param capacity the capacity it will have
     * @param done     bytes written so far (its allocation while built)
     */
    record Build(String pool, String name, Path path, Path partial, Path source, long capacity, AtomicLong done) {
        void progress(long bytesDone, long bytesTotal) {
            done.set(bytesDone);
        }
    }

    private final Map<Path, Build> builds = new HashMap<>();
    private final Map<Path, Integer> users = new HashMap<>();

    static boolean isPartial(String fileName) {
        return fileName.startsWith(PARTIAL_PREFIX);
    }

    /** Reserves {@code name} in {@code dir} for a build (the caller has checked it is free). */
    Build startBuild(String pool, Path dir, String name, Path source, long capacity) {
        Build b = new Build(pool, name, dir.resolve(name), dir.resolve(PARTIAL_PREFIX + name), source, capacity,
                new AtomicLong());
        try {
            Files.deleteIfExists(b.partial()); // no build owns it: what a crash left
        } catch (IOException e) {
            throw StorageErrors.system(e, "cannot remove '" + b.partial() + "'");
        }
        builds.put(b.path(), b);
        if (source != null) {
            use(source);
        }
        return b;
    }

    void endBuild(Build b) {
        builds.remove(b.path());
        if (b.source() != null) {
            release(b.source());
        }
    }

    /** The build of the volume at {@code path}, or null. */
    Build building(Path path) {
        return builds.get(path);
    }

    /** The builds under way in {@code dir}, by name. */
    List<Build> buildsIn(Path dir) {
        List<Build> in = new ArrayList<>();
        for (Build b : builds.values()) {
            if (b.path().getParent().equals(dir)) {
                in.add(b);
            }
        }
        return in;
    }

    /** A volume read or written by a stream, or cloned from. */
    void use(Path volume) {
        users.merge(volume, 1, Integer::sum);
    }

    void release(Path volume) {
        users.computeIfPresent(volume, (k, n) -> n == 1 ? null : n - 1);
    }

    /** libvirt's refusal to change a volume something is using or building. */
    void requireIdle(HostVolume volume) {
        if (users.containsKey(volume.path())) {
            throw StorageErrors.error(ErrorCode.OPERATION_INVALID, "volume '" + volume.name() + "' is still in use.");
        }
        requireBuilt(volume.name(), volume.path());
    }

    /** libvirt's refusal to use a volume still being built. */
    void requireBuilt(String name, Path path) {
        if (builds.containsKey(path)) {
            throw StorageErrors.error(ErrorCode.OPERATION_INVALID, "volume '" + name + "' is still being allocated.");
        }
    }

    /** libvirt's refusal to stop, refresh or remove a pool while a volume is built in it or cloned from it. */
    void requireNoJobs(String pool, Path dir) {
        for (Build b : builds.values()) {
            if (b.path().getParent().equals(dir) || (b.source() != null && b.source().getParent().equals(dir))) {
                throw StorageErrors.error(ErrorCode.INTERNAL_ERROR, "pool '" + pool + "' has asynchronous jobs running.");
            }
        }
    }

    /** Removes the partial files in {@code dir} that no build under way owns: what a crash left. */
    void removeStale(Path dir) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, PARTIAL_PREFIX + "*")) {
            for (Path entry : entries) {
                Build owner = builds.get(dir.resolve(entry.getFileName().toString().substring(PARTIAL_PREFIX.length())));
                if (owner == null || !owner.partial().equals(entry)) {
                    LOG.log(System.Logger.Level.INFO, "removing ''{0}'', left by a volume build that did not end",
                            entry);
                    Files.deleteIfExists(entry);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot remove partial volumes in ''{0}'': {1}", dir, e.getMessage());
        }
    }
}
