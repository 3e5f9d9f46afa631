package io.virtkit.storage.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.StorageVolumeCreateFlag;
import io.virtkit.api.StorageVolumeDeleteFlag;
import io.virtkit.api.StorageVolumeInfo;
import io.virtkit.api.StorageVolumeResizeFlag;
import io.virtkit.api.StorageVolumeStreamFlag;
import io.virtkit.api.StorageVolumeType;
import io.virtkit.api.StorageVolumeWipeAlgorithm;
import io.virtkit.api.VolumeDownload;
import io.virtkit.api.VolumeUpload;
import io.virtkit.api.driver.DriverFlags;
import io.virtkit.api.driver.StoragePoolRef;
import io.virtkit.api.driver.StorageVolumeRef;
import io.virtkit.model.storage.StorageVolumeDefinition;
import io.virtkit.model.storage.StorageVolumeXmlCodec;
import io.virtkit.model.storage.VolumeBackingStore;

/**
 * The volumes of the driver's pools (libvirt's storage_driver.c volume half): the files of an active pool's
 * target directory, probed when asked for, so what another program puts there shows at once. A volume's key
 * is its path. Calls take the {@link StoragePoolTable}'s monitor, as pool calls do, except the building of a
 * new volume, which runs without it as libvirt's does ({@link VolumeJobs}).
 */
final class PoolVolumes {
    private final StoragePoolTable pools;

    PoolVolumes(StoragePoolTable pools) {
        this.pools = pools;
    }

    List<StorageVolumeRef> list(StoragePoolRef ref, long flags) {
        DriverFlags.check(flags, 0, "virStoragePoolListAllVolumes");
        synchronized (pools) {
            StoragePoolObject p = pools.active(ref);
            List<StorageVolumeRef> refs = new ArrayList<>(p.backend.refresh().stream().map(v -> ref(p, v)).toList());
            for (VolumeJobs.Build b : jobs().buildsIn(p.backend.target())) {
                refs.add(new StorageVolumeRef(p.name(), b.name(), b.path().toString()));
            }
            refs.sort(Comparator.comparing(StorageVolumeRef::name));
            return refs;
        }
    }

    StorageVolumeRef byName(StoragePoolRef ref, String name) {
        synchronized (pools) {
            StoragePoolObject p = pools.active(ref);
            VolumeJobs.Build b = name.indexOf('/') < 0 ? jobs().building(p.backend.target().resolve(name)) : null;
            if (b != null) {
                return new StorageVolumeRef(p.name(), b.name(), b.path().toString());
            }
            return ref(p, files(p).lookup(name));
        }
    }

    StorageVolumeRef byKey(String key) {
        synchronized (pools) {
            return byPath(key, "key");
        }
    }

    StorageVolumeRef byPath(String path) {
        synchronized (pools) {
            return byPath(path, "path");
        }
    }

    /** The volume at {@code path} in an active pool: a file directly in its target directory. */
    private StorageVolumeRef byPath(String path, String what) {
        Path file = path == null ? null : Path.of(path).toAbsolutePath().normalize();
        StoragePoolObject p = file == null || file.getParent() == null ? null : pools.activeAt(file.getParent());
        VolumeJobs.Build b = p == null ? null : jobs().building(file);
        if (b != null) {
            return new StorageVolumeRef(p.name(), b.name(), b.path().toString());
        }
        if (p != null && VolumeProbe.exists(file)) {
            try {
                return ref(p, files(p).lookup(file.getFileName().toString()));
            } catch (io.virtkit.api.VirtException e) {
                // not an image qemu-img reads: no volume
            }
        }
        throw StorageErrors.error(ErrorCode.NO_STORAGE_VOL, "no storage vol with matching " + what + " '" + path + "'");
    }

    StoragePoolRef poolOf(StorageVolumeRef volume) {
        synchronized (pools) {
            return pool(volume).ref();
        }
    }

    StorageVolumeRef create(StoragePoolRef ref, String xml, long flags) {
        DriverFlags.check(flags, StorageVolumeCreateFlag.PREALLOC_METADATA.bit(), "virStorageVolCreateXML");
        StorageVolumeDefinition def = StorageVolumeXmlCodec.parse(xml);
        Preallocation prealloc = Preallocation.of(flags != 0, def.allocation(), def.capacity());
        FilePermissions perms = StoragePoolTable.permissions(def.target().permissions());
        String format = def.target().format() == null ? "raw" : def.target().format();
        FileVolumes files;
        Qcow2Options qcow2 = null;
        VolumeJobs.Build b;
        synchronized (pools) {
            StoragePoolObject p = pools.active(ref);
            checkNewName(p, def.name());
            files = files(p);
            switch (format) {
                case "raw" -> {
                    prealloc.refuseForRaw();
                    if (def.backingStore() != null) {
                        throw StorageErrors.error(ErrorCode.CONFIG_UNSUPPORTED,
                                "backing storage not supported for raw volumes");
                    }
                }
                case "qcow2" -> qcow2 = files.checkQcow2(qcow2Options(def), prealloc);
                default -> throw StorageErrors.error(ErrorCode.OPERATION_UNSUPPORTED,
                        "format '" + format + "' is not supported for new volumes");
            }
            b = jobs().startBuild(p.name(), p.backend.target(), def.name(), null, def.capacity());
        }
        Qcow2Options options = qcow2;
        return build(b, files, () -> options == null
                ? files.buildRaw(b.partial(), b.path(), def.capacity(), def.allocation(), perms)
                : files.buildQcow2(b.partial(), b.path(), def.capacity(), options, prealloc, perms));
    }

    /**
     * libvirt's clone: the source is checked and marked in use, the new volume reserved as being built, and
     * the copy runs without the pools' monitor, so other calls go on meanwhile (and are refused on these two
     * volumes).
     */
    StorageVolumeRef createFrom(StoragePoolRef ref, String xml, StorageVolumeRef source, long flags) {
        DriverFlags.check(flags, StorageVolumeCreateFlag.PREALLOC_METADATA.bit(), "virStorageVolCreateXMLFrom");
        StorageVolumeDefinition def = StorageVolumeXmlCodec.parseWithoutCapacity(xml);
        FilePermissions perms = StoragePoolTable.permissions(def.target().permissions());
        FileVolumes files;
        HostVolume from;
        String format;
        Preallocation prealloc;
        Qcow2Options qcow2 = null;
        VolumeJobs.Build b;
        synchronized (pools) {
            StoragePoolObject p = pools.active(ref);
            from = find(source).volume();
            checkNewName(p, def.name());
            format = def.target().format() == null ? from.format() : def.target().format();
            FileVolumes.checkCloneSource(from);
            // the copy is at least the source's size; an allocation left out is all of it, as in libvirt. The
            // definition keeps an omitted allocation as the capacity, so "as large as a given capacity" counts so
            long capacity = Math.max(def.capacity(), from.capacity());
            long allocation = def.capacity() > 0 && def.allocation() >= def.capacity() ? capacity : def.allocation();
            prealloc = Preallocation.of(flags != 0, allocation, capacity);
            prealloc.refuseForCopy(from.format(), format);
            files = files(p);
            if ("qcow2".equals(format)) { // the copy holds the data: the new volume's qcow2 options but no backing
                Qcow2Options o = qcow2Options(def);
                qcow2 = files.checkQcow2(new Qcow2Options(null, null, o.compat(), o.clusterSize(), o.lazyRefcounts()));
            }
            b = jobs().startBuild(p.name(), p.backend.target(), def.name(), from.path(), from.capacity());
        }
        Qcow2Options options = qcow2;
        return build(b, files, () -> files.buildClone(b.partial(), b.path(), from, format, options, prealloc, perms,
                b::progress));
    }

    /** Runs a build without the monitor, publishes the volume it made, and ends the build in every case. */
    private StorageVolumeRef build(VolumeJobs.Build b, FileVolumes files, Supplier<Path> work) {
        try {
            HostVolume v = files.publish(work.get(), b.name());
            return new StorageVolumeRef(b.pool(), v.name(), v.path().toString());
        } finally {
            synchronized (pools) {
                jobs().endBuild(b);
            }
        }
    }

    /**
     * libvirt's refusals of a new volume's name, before anything is made: a name that would leave the pool's
     * directory ({@link VolumeNames}' wording), then one a volume already has.
     */
    private void checkNewName(StoragePoolObject p, String name) {
        if (name.indexOf('/') >= 0 || name.equals(".") || name.equals("..")) {
            VolumeNames.newVolumePath(p.backend.target(), name);
        }
        if (VolumeJobs.isPartial(name)) {
            throw StorageErrors.error(ErrorCode.INVALID_ARG,
                    "volume name '" + name + "' is reserved for volumes being built");
        }
        Path path = p.backend.target().resolve(name);
        if (VolumeProbe.exists(path) || jobs().building(path) != null) {
            throw StorageErrors.error(ErrorCode.STORAGE_VOL_EXIST, "'" + name + "'");
        }
    }

    private static Qcow2Options qcow2Options(StorageVolumeDefinition def) {
        VolumeBackingStore backing = def.backingStore();
        var t = def.target();
        return new Qcow2Options(backing == null ? null : backing.path(), backing == null ? null : backing.format(),
                t.compat(), t.clusterSize() == null ? 0 : t.clusterSize(),
                t.features() != null && t.features().lazyRefcounts());
    }

    StorageVolumeInfo info(StorageVolumeRef ref, long flags) {
        DriverFlags.decode(flags, io.virtkit.api.StorageVolumeInfoFlag.class, "virStorageVolGetInfoFlags");
        synchronized (pools) {
            VolumeJobs.Build b = building(ref);
            if (b != null) { // libvirt's "async progress reporting": the bytes copied so far
                return new StorageVolumeInfo(StorageVolumeType.FILE, b.capacity(), b.done().get());
            }
            HostVolume v = find(ref).volume();
            return new StorageVolumeInfo(v.kind() == HostVolume.Kind.BLOCK ? StorageVolumeType.BLOCK
                    : StorageVolumeType.FILE, v.capacity(), v.allocation());
        }
    }

    String xml(StorageVolumeRef ref, long flags) {
        DriverFlags.check(flags, 0, "virStorageVolGetXMLDesc");
        synchronized (pools) {
            HostVolume v = find(ref).volume();
            var builder = StorageVolumeDefinition.builder(v.name(), v.capacity())
                    .type(v.kind() == HostVolume.Kind.BLOCK ? StorageVolumeDefinition.Type.BLOCK
                            : StorageVolumeDefinition.Type.FILE)
                    .key(v.path().toString()).allocation(v.allocation()).target(v.path().toString(), v.format());
            if (v.backingFile() != null) {
                builder.backingStore(new VolumeBackingStore(v.backingFile(), v.backingFormat(),
                        io.virtkit.model.storage.StoragePermissions.NONE, null));
            }
            return StorageVolumeXmlCodec.format(builder.build());
        }
    }

    String path(StorageVolumeRef ref) {
        synchronized (pools) {
            if (building(ref) != null) {
                return ref.key();
            }
            return find(ref).volume().path().toString();
        }
    }

    void delete(StorageVolumeRef ref, long flags) {
        var set = DriverFlags.decode(flags, StorageVolumeDeleteFlag.class, "virStorageVolDelete");
        synchronized (pools) {
            Found f = find(ref);
            jobs().requireIdle(f.volume());
            if (set.contains(StorageVolumeDeleteFlag.ZEROED)) {
                files(f.pool()).wipe(f.volume(), ProgressListener.NONE);
            }
            files(f.pool()).delete(f.volume());
        }
    }

    void wipe(StorageVolumeRef ref, int algorithm, long flags) {
        DriverFlags.check(flags, 0, "virStorageVolWipePattern");
        StorageVolumeWipeAlgorithm how = WipePatterns.algorithm(algorithm);
        synchronized (pools) {
            Found f = find(ref);
            jobs().requireIdle(f.volume());
            if (how == StorageVolumeWipeAlgorithm.ZERO) {
                files(f.pool()).wipe(f.volume(), ProgressListener.NONE);
            } else {
                WipePatterns.scrub(f.volume(), how, WipePatterns.SCRUB);
            }
        }
    }

    void resize(StorageVolumeRef ref, long capacity, long flags) {
        var set = DriverFlags.decode(flags, StorageVolumeResizeFlag.class, "virStorageVolResize");
        synchronized (pools) {
            Found f = find(ref);
            jobs().requireIdle(f.volume());
            long wanted = capacity;
            if (set.contains(StorageVolumeResizeFlag.DELTA)) {
                wanted = set.contains(StorageVolumeResizeFlag.SHRINK) ? f.volume().capacity() - capacity
                        : f.volume().capacity() + capacity;
            }
            if (wanted < 0) {
                throw StorageErrors.error(ErrorCode.INVALID_ARG, "can't shrink capacity below zero");
            }
            files(f.pool()).resize(f.volume(), wanted, set.contains(StorageVolumeResizeFlag.SHRINK),
                    set.contains(StorageVolumeResizeFlag.ALLOCATE));
        }
    }

    VolumeUpload upload(StorageVolumeRef ref, long offset, long length, long flags) {
        boolean sparse = !DriverFlags.decode(flags, StorageVolumeStreamFlag.class, "virStorageVolUpload").isEmpty();
        synchronized (pools) {
            Path path = find(ref).volume().path();
            VolumeUpload upload = FileVolumeStreams.upload(path, offset, length, sparse);
            jobs().use(path);
            return new VolumeStreamUse.Upload(upload, () -> release(path));
        }
    }

    VolumeDownload download(StorageVolumeRef ref, long offset, long length, long flags) {
        boolean sparse = !DriverFlags.decode(flags, StorageVolumeStreamFlag.class, "virStorageVolDownload").isEmpty();
        synchronized (pools) {
            Path path = find(ref).volume().path();
            VolumeDownload download = FileVolumeStreams.download(path, offset, length, sparse);
            jobs().use(path);
            return new VolumeStreamUse.Download(download, () -> release(path));
        }
    }

    private void release(Path volume) {
        synchronized (pools) {
            jobs().release(volume);
        }
    }

    // --- finding again -------------------------------------------------------------------------------------

    private record Found(StoragePoolObject pool, HostVolume volume) {
    }

    /**
     * The volume {@code ref} names in its active pool, its path still its key; NO_STORAGE_VOL once gone,
     * libvirt's refusal while it is still being built.
     */
    private Found find(StorageVolumeRef ref) {
        StoragePoolObject p = pool(ref);
        jobs().requireBuilt(ref.name(), Path.of(ref.key()));
        return new Found(p, files(p).lookup(ref.name()));
    }

    /** The active pool holding the volume {@code ref} names. */
    private StoragePoolObject pool(StorageVolumeRef ref) {
        StoragePoolObject p = pools.activeAt(Path.of(ref.key()).getParent());
        if (p == null || !p.name().equals(ref.pool())) {
            throw StorageErrors.error(ErrorCode.NO_STORAGE_VOL, "no storage vol with matching key '" + ref.key() + "'");
        }
        return p;
    }

    /** The build of the volume {@code ref} names in its active pool, or null. */
    private VolumeJobs.Build building(StorageVolumeRef ref) {
        pool(ref);
        return jobs().building(Path.of(ref.key()));
    }

    private VolumeJobs jobs() {
        return pools.jobs();
    }

    private FileVolumes files(StoragePoolObject p) {
        return new FileVolumes(p.backend.target(), pools.qemuImg());
    }

    private static StorageVolumeRef ref(StoragePoolObject p, HostVolume v) {
        return new StorageVolumeRef(p.name(), v.name(), v.path().toString());
    }
}
