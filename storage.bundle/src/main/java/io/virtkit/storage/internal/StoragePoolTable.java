package io.virtkit.storage.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.StoragePoolEventType;
import io.virtkit.api.StoragePoolInfo;
import io.virtkit.api.StoragePoolState;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DriverFlags;
import io.virtkit.api.driver.StoragePoolRef;
import io.virtkit.model.storage.PoolDevice;
import io.virtkit.model.storage.StoragePermissions;
import io.virtkit.model.storage.StoragePoolDefinition;
import io.virtkit.model.storage.StoragePoolXmlCodec;
import io.virtkit.support.DomainTable;
import io.virtkit.support.StoragePoolListFilter;

/**
 * The driver's pools and their lifecycle (libvirt's storage_driver.c pool half): define, create, build,
 * start, destroy, delete, undefine, autostart, with libvirt's checks and wording. Its monitor guards every
 * pool and is held across the host work of one call, so pool calls run one at a time; events are reported
 * under it, in the order of the changes. Files are {@link PoolFiles}'.
 */
final class StoragePoolTable {
    private static final System.Logger LOG = System.getLogger(StoragePoolTable.class.getName());

    private final DomainTable<StoragePoolObject> pools = new DomainTable<>(StoragePoolObject::uuid,
            StoragePoolObject::name, "pool", ErrorDomain.STORAGE);
    private final PoolFiles files;
    private final QemuImg qemuImg;
    private final BiConsumer<StoragePoolRef, StoragePoolEventType> events;
    private final VolumeJobs jobs = new VolumeJobs();
    private boolean closed;

    StoragePoolTable(PoolFiles files, QemuImg qemuImg, BiConsumer<StoragePoolRef, StoragePoolEventType> events) {
        this.files = files;
        this.qemuImg = qemuImg;
        this.events = events;
    }

    QemuImg qemuImg() {
        return qemuImg;
    }

    /** What runs on the pools' volumes; guarded by this monitor. */
    VolumeJobs jobs() {
        return jobs;
    }

    /**
     * Loads the persistent definitions and the live state of pools that were active, keeps active those the
     * host still shows running, then starts the autostarted ones that are not (libvirt's driver start).
     */
    synchronized void load() {
        for (StoragePoolDefinition def : files.loadConfigs()) {
            StoragePoolObject p = new StoragePoolObject(def, PoolBackend.of(def, qemuImg));
            p.persistent = def;
            p.autostart = files.isAutostart(def.name());
            pools.put(p);
        }
        for (StoragePoolDefinition live : files.loadStates()) {
            StoragePoolObject p = pools.get(live.uuid());
            PoolBackend backend = PoolBackend.of(live, qemuImg);
            if (!backend.isActive()) {
                files.deleteState(live.name());
                continue;
            }
            if (p == null) {
                p = new StoragePoolObject(live, backend);
                pools.put(p);
            } else {
                p.def = live;
                p.backend = backend;
            }
            p.active = true;
            jobs.removeStale(backend.target()); // what a crash of the previous instance left half-built
        }
        for (StoragePoolObject p : List.copyOf(pools.values())) {
            if (p.autostart && !p.active) {
                try {
                    start(p, PoolBuildMode.DEFAULT, false);
                } catch (VirtException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot autostart storage pool ''{0}'': {1}", p.name(),
                            e.getMessage());
                }
            }
        }
    }

    /** From now on every call fails; active pools stay as they are on the host. */
    synchronized void close() {
        closed = true;
    }

    // --- lookups -----------------------------------------------------------------------------------------

    synchronized List<StoragePoolRef> list(long flags) {
        checkOpen();
        StoragePoolListFilter filter = new StoragePoolListFilter(flags);
        List<StoragePoolRef> result = new ArrayList<>();
        for (StoragePoolObject p : pools.values()) {
            if (filter.matches(p.active, p.persistent != null, p.autostart, p.def.type().xmlName())) {
                result.add(p.ref());
            }
        }
        return result;
    }

    synchronized StoragePoolRef byName(String name) {
        checkOpen();
        StoragePoolObject p = pools.byName(name);
        if (p == null) {
            throw StorageErrors.error(ErrorCode.NO_STORAGE_POOL, "no storage pool with matching name '" + name + "'");
        }
        return p.ref();
    }

    synchronized StoragePoolRef byUuid(UUID uuid) {
        checkOpen();
        StoragePoolObject p = pools.get(uuid);
        if (p == null) {
            throw StorageErrors.error(ErrorCode.NO_STORAGE_POOL, "no storage pool with matching uuid '" + uuid + "'");
        }
        return p.ref();
    }

    /** The active pool whose target directory is {@code dir}, or null. */
    synchronized StoragePoolObject activeAt(Path dir) {
        for (StoragePoolObject p : pools.values()) {
            if (p.active && p.backend.target().equals(dir)) {
                return p;
            }
        }
        return null;
    }

    /** The pool {@code ref} names, found again by UUID. Callers hold this monitor while they use it. */
    synchronized StoragePoolObject find(StoragePoolRef ref) {
        checkOpen();
        StoragePoolObject p = pools.get(ref.uuid());
        if (p == null) {
            throw StorageErrors.error(ErrorCode.NO_STORAGE_POOL,
                    "no storage pool with matching uuid '" + ref.uuid() + "' (" + ref.name() + ")");
        }
        return p;
    }

    synchronized StoragePoolObject active(StoragePoolRef ref) {
        StoragePoolObject p = find(ref);
        if (!p.active) {
            throw StorageErrors.error(ErrorCode.OPERATION_INVALID, "storage pool '" + p.name() + "' is not active");
        }
        return p;
    }

    private StoragePoolObject inactive(StoragePoolRef ref, String state) {
        StoragePoolObject p = find(ref);
        if (p.active) {
            throw StorageErrors.error(ErrorCode.OPERATION_INVALID, "storage pool '" + p.name() + "' is " + state);
        }
        return p;
    }

    // --- defining and starting ---------------------------------------------------------------------------

    synchronized StoragePoolRef define(String xml, long flags) {
        checkOpen();
        DriverFlags.check(flags, 0, "virStoragePoolDefineXML");
        StoragePoolDefinition def = StoragePoolXmlCodec.parse(xml);
        PoolBackend backend = PoolBackend.of(def, qemuImg);
        StoragePoolObject p = checkNew(def, backend, false);
        files.saveConfig(def);
        if (p == null) {
            p = new StoragePoolObject(def, backend);
            pools.put(p);
        } else if (!p.active) {
            p.def = def;
            p.backend = backend;
        }
        p.persistent = def; // an active pool runs on; the new definition applies from its next start
        events.accept(p.ref(), StoragePoolEventType.DEFINED);
        return p.ref();
    }

    synchronized StoragePoolRef create(String xml, long flags) {
        checkOpen();
        PoolBuildMode mode = createBuildMode(flags, "virStoragePoolCreateXML");
        StoragePoolDefinition def = StoragePoolXmlCodec.parse(xml);
        PoolBackend backend = PoolBackend.of(def, qemuImg);
        StoragePoolObject p = checkNew(def, backend, true);
        boolean added = p == null;
        StoragePoolObject previous = null;
        if (added) {
            p = new StoragePoolObject(def, backend);
        } else {
            previous = new StoragePoolObject(p.def, p.backend);
            p.def = def;
            p.backend = backend;
        }
        try {
            start(p, mode, flags != 0);
        } catch (RuntimeException e) {
            if (previous != null) {
                p.def = previous.def;
                p.backend = previous.backend;
            }
            throw e;
        }
        if (added) {
            pools.put(p);
        }
        return p.ref();
    }

    /**
     * libvirt's checks of a new definition: its name and UUID either free or both the same pool's, that pool
     * not active when it is to be started, and no other pool on its target directory or source device.
     *
     * @return the pool of the same UUID, or null
     */
    private StoragePoolObject checkNew(StoragePoolDefinition def, PoolBackend backend, boolean starting) {
        pools.rejectClash(def.uuid(), def.name());
        StoragePoolObject same = pools.get(def.uuid());
        if (starting && same != null && same.active) {
            throw StorageErrors.error(ErrorCode.OPERATION_INVALID, "pool is already active as '" + same.name() + "'");
        }
        for (StoragePoolObject other : pools.values()) {
            if (other != same && (other.backend.target().equals(backend.target()) || sameDevice(other.def, def))) {
                throw StorageErrors.error(ErrorCode.OPERATION_FAILED,
                        "Storage source conflict with pool: '" + other.name() + "'");
            }
        }
        return same;
    }

    private static boolean sameDevice(StoragePoolDefinition a, StoragePoolDefinition b) {
        for (PoolDevice d : a.source().devices()) {
            for (PoolDevice e : b.source().devices()) {
                if (d.path() != null && d.path().equals(e.path())) {
                    return true;
                }
            }
        }
        return false;
    }

    synchronized void start(StoragePoolRef ref, long flags) {
        PoolBuildMode mode = createBuildMode(flags, "virStoragePoolCreate");
        StoragePoolObject p = inactive(ref, "already active");
        if (p.persistent != null && p.def != p.persistent) {
            p.def = p.persistent;
            p.backend = PoolBackend.of(p.def, qemuImg);
        }
        start(p, mode, flags != 0);
    }

    /** Builds when asked, starts on the host, refreshes, saves the live state, reports STARTED. */
    private void start(StoragePoolObject p, PoolBuildMode mode, boolean build) {
        if (build) {
            p.backend.build(permissions(p.def), mode);
        }
        p.backend.start();
        try {
            jobs.removeStale(p.backend.target());
            p.backend.refresh();
            files.saveState(p.def);
        } catch (RuntimeException e) {
            stopQuietly(p, e);
            throw e;
        }
        p.active = true;
        events.accept(p.ref(), StoragePoolEventType.STARTED);
    }

    private static PoolBuildMode createBuildMode(long flags, String function) {
        var set = DriverFlags.decode(flags, io.virtkit.api.StoragePoolCreateFlag.class, function);
        boolean overwrite = set.contains(io.virtkit.api.StoragePoolCreateFlag.WITH_BUILD_OVERWRITE);
        boolean noOverwrite = set.contains(io.virtkit.api.StoragePoolCreateFlag.WITH_BUILD_NO_OVERWRITE);
        if (overwrite && noOverwrite) {
            throw StorageErrors.error(ErrorCode.INVALID_ARG, "Flags 'VIR_STORAGE_POOL_CREATE_WITH_BUILD_OVERWRITE' and "
                    + "'VIR_STORAGE_POOL_CREATE_WITH_BUILD_NO_OVERWRITE' are mutually exclusive");
        }
        return overwrite ? PoolBuildMode.OVERWRITE : noOverwrite ? PoolBuildMode.NO_OVERWRITE : PoolBuildMode.DEFAULT;
    }

    private static void stopQuietly(StoragePoolObject p, RuntimeException cause) {
        try {
            p.backend.stop();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    synchronized void build(StoragePoolRef ref, long flags) {
        var set = DriverFlags.decode(flags, io.virtkit.api.StoragePoolBuildFlag.class, "virStoragePoolBuild");
        boolean overwrite = set.contains(io.virtkit.api.StoragePoolBuildFlag.OVERWRITE);
        boolean noOverwrite = set.contains(io.virtkit.api.StoragePoolBuildFlag.NO_OVERWRITE);
        if (overwrite && noOverwrite) {
            throw StorageErrors.error(ErrorCode.INVALID_ARG, "Flags 'VIR_STORAGE_POOL_BUILD_OVERWRITE' and "
                    + "'VIR_STORAGE_POOL_BUILD_NO_OVERWRITE' are mutually exclusive");
        }
        StoragePoolObject p = inactive(ref, "already active");
        p.backend.build(permissions(p.def),
                overwrite ? PoolBuildMode.OVERWRITE : noOverwrite ? PoolBuildMode.NO_OVERWRITE : PoolBuildMode.DEFAULT);
        events.accept(p.ref(), StoragePoolEventType.CREATED);
    }

    synchronized void destroy(StoragePoolRef ref) {
        StoragePoolObject p = active(ref);
        jobs.requireNoJobs(p.name(), p.backend.target());
        p.backend.stop();
        p.active = false;
        files.deleteState(p.name());
        events.accept(p.ref(), StoragePoolEventType.STOPPED);
        if (p.persistent == null) {
            pools.remove(p);
        } else if (p.def != p.persistent) {
            p.def = p.persistent;
            p.backend = PoolBackend.of(p.def, qemuImg);
        }
    }

    synchronized void delete(StoragePoolRef ref, long flags) {
        DriverFlags.check(flags, 0, "virStoragePoolDelete");
        StoragePoolObject p = inactive(ref, "still active");
        p.backend.delete();
        events.accept(p.ref(), StoragePoolEventType.DELETED);
    }

    synchronized void undefine(StoragePoolRef ref) {
        StoragePoolObject p = inactive(ref, "still active");
        if (p.persistent == null) {
            throw StorageErrors.error(ErrorCode.OPERATION_INVALID, "storage pool '" + p.name() + "' is not persistent");
        }
        files.deleteConfig(p.name());
        pools.remove(p);
        events.accept(p.ref(), StoragePoolEventType.UNDEFINED);
    }

    synchronized void refresh(StoragePoolRef ref, long flags) {
        DriverFlags.check(flags, 0, "virStoragePoolRefresh");
        StoragePoolObject p = active(ref);
        jobs.requireNoJobs(p.name(), p.backend.target());
        jobs.removeStale(p.backend.target());
        p.backend.refresh();
        events.accept(p.ref(), StoragePoolEventType.REFRESHED);
    }

    // --- what a pool reports -------------------------------------------------------------------------------

    synchronized StoragePoolInfo info(StoragePoolRef ref) {
        StoragePoolObject p = find(ref);
        if (!p.active) {
            return new StoragePoolInfo(StoragePoolState.INACTIVE, 0, 0, 0);
        }
        PoolSpace s = p.backend.space();
        return new StoragePoolInfo(StoragePoolState.RUNNING, s.capacity(), s.allocation(), s.available());
    }

    synchronized String xml(StoragePoolRef ref, long flags) {
        boolean inactive = !DriverFlags.decode(flags, io.virtkit.api.StorageXmlFlag.class,
                "virStoragePoolGetXMLDesc").isEmpty();
        StoragePoolObject p = find(ref);
        if (inactive) {
            return StoragePoolXmlCodec.formatInactive(p.persistent != null ? p.persistent : p.def);
        }
        if (!p.active) {
            return StoragePoolXmlCodec.format(p.def.withSizes(0, 0, 0));
        }
        PoolSpace s = p.backend.space();
        return StoragePoolXmlCodec.format(p.def.withSizes(s.capacity(), s.allocation(), s.available()));
    }

    synchronized boolean isActive(StoragePoolRef ref) {
        return find(ref).active;
    }

    synchronized boolean isPersistent(StoragePoolRef ref) {
        return find(ref).persistent != null;
    }

    synchronized boolean autostart(StoragePoolRef ref) {
        return find(ref).autostart;
    }

    synchronized void setAutostart(StoragePoolRef ref, boolean autostart) {
        StoragePoolObject p = find(ref);
        if (p.persistent == null) {
            throw StorageErrors.error(ErrorCode.INTERNAL_ERROR, "cannot set autostart for transient pool");
        }
        files.setAutostart(p.name(), autostart);
        p.autostart = autostart;
    }

    private void checkOpen() {
        if (closed) {
            throw StorageErrors.error(ErrorCode.OPERATION_INVALID, "storage driver is closed");
        }
    }

    static FilePermissions permissions(StoragePoolDefinition def) {
        return def.target() == null ? FilePermissions.mode(-1) : permissions(def.target().permissions());
    }

    static FilePermissions permissions(StoragePermissions p) {
        return new FilePermissions(p.mode() == null ? -1 : p.mode(), p.owner() == null ? -1 : p.owner(),
                p.group() == null ? -1 : p.group());
    }
}
