package io.virtkit.test.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.StoragePoolEventType;
import io.virtkit.api.StoragePoolInfo;
import io.virtkit.api.StoragePoolState;
import io.virtkit.api.StorageVolumeInfo;
import io.virtkit.api.StorageVolumeType;
import io.virtkit.api.StorageVolumeStreamFlag;
import io.virtkit.api.StorageXmlFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.VolumeDownload;
import io.virtkit.api.VolumeUpload;
import io.virtkit.api.driver.DriverFlags;
import io.virtkit.api.driver.StorageConnection;
import io.virtkit.api.driver.StoragePoolRef;
import io.virtkit.api.driver.StorageVolumeRef;
import io.virtkit.model.storage.StoragePoolDefinition;
import io.virtkit.model.storage.StoragePoolXmlCodec;
import io.virtkit.model.storage.StorageVolumeDefinition;
import io.virtkit.model.storage.StorageVolumeXmlCodec;
import io.virtkit.model.storage.VolumeTarget;
import io.virtkit.support.DomainTable;
import io.virtkit.support.StoragePoolListFilter;

/**
 * The test driver's own storage table: the pools of one {@link TestState} and their volumes, kept in memory
 * as libvirt's test driver keeps them (no host storage is touched; a pool has 100 GiB of which its volumes'
 * allocations are taken; a volume's key is its path). Every connection to the state shares it. Its lock
 * guards the pools: every call checks its preconditions before it changes anything, and events are queued
 * while still holding it, in the order of the changes.
 *
 * <p>As libvirt's test driver: no wipe or resize (NO_SUPPORT), build and delete only report; volumes stay
 * with their pool across a stop, and are reachable only while it is active. Unlike it,
 * {@link StorageXmlFlag#INACTIVE} is accepted (the test driver has no live/persistent difference), and
 * volumes keep their bytes in memory ({@link VolumeContent}) for upload and download, clones copying them,
 * so that the stream API has a driver to run against without host storage.
 */
final class TestStorage implements StorageConnection {

    private final DomainTable<StoragePoolObject> pools = new DomainTable<>(StoragePoolObject::uuid,
            StoragePoolObject::name, "pool", ErrorDomain.STORAGE); // guarded by this
    private final BiConsumer<StoragePoolRef, StoragePoolEventType> events;

    /** @param events gets each change, under this table's lock */
    TestStorage(BiConsumer<StoragePoolRef, StoragePoolEventType> events) {
        this.events = events;
    }

    /**
     * Adds an active, persistent pool with its volumes, as the default state or a node file describes it. No events.
     */
    synchronized void load(String poolXml, List<String> volumeXmls) {
        StoragePoolObject p = new StoragePoolObject(checkedNew(StoragePoolXmlCodec.parse(poolXml), false), true);
        p.active = true;
        for (String volumeXml : volumeXmls) {
            StorageVolumeDefinition v = add(p, StorageVolumeXmlCodec.parse(volumeXml));
            p.contents.put(v.name(), new VolumeContent(v.capacity()));
        }
        pools.put(p);
    }

    // --- finding and making pools --------------------------------------------------------------------

    @Override
    public synchronized List<StoragePoolRef> listAllStoragePools(long flags) {
        StoragePoolListFilter filter = new StoragePoolListFilter(flags);
        List<StoragePoolRef> result = new ArrayList<>();
        for (StoragePoolObject p : pools.values()) {
            if (filter.matches(p.active, p.persistent, p.autostart, p.def.type().xmlName())) {
                result.add(ref(p));
            }
        }
        return result;
    }

    @Override
    public synchronized StoragePoolRef lookupStoragePoolByName(String name) {
        StoragePoolObject p = pools.byName(name);
        if (p == null) {
            throw noPoolWithName(name);
        }
        return ref(p);
    }

    @Override
    public synchronized StoragePoolRef lookupStoragePoolByUuid(UUID uuid) {
        StoragePoolObject p = pools.get(uuid);
        if (p == null) {
            throw new VirtException(ErrorCode.NO_STORAGE_POOL, ErrorDomain.STORAGE,
                    "no storage pool with matching uuid '" + uuid + "'");
        }
        return ref(p);
    }

    /** As libvirt's test driver: an active pool only, the path compared as written (trailing slashes aside). */
    @Override
    public synchronized StoragePoolRef lookupStoragePoolByTargetPath(String path) {
        String wanted = path == null ? "" : path.replaceAll("(?<=.)/+$", "");
        for (StoragePoolObject p : pools.values()) {
            if (p.active && wanted.equals(p.targetPath())) {
                return ref(p);
            }
        }
        throw new VirtException(ErrorCode.NO_STORAGE_POOL, ErrorDomain.STORAGE,
                "no storage pool with matching target path '" + path + "'");
    }

    @Override
    public synchronized StoragePoolRef lookupStoragePoolByVolume(StorageVolumeRef volume) {
        return lookupStoragePoolByName(volume.pool());
    }

    @Override
    public synchronized StoragePoolRef defineStoragePool(String xml, long flags) {
        DriverFlags.check(flags, 0, "virStoragePoolDefineXML");
        StoragePoolDefinition def = StoragePoolXmlCodec.parse(xml);
        StoragePoolObject p = pools.get(def.uuid());
        if (p == null) {
            p = new StoragePoolObject(checkedNew(def, false), true);
            pools.put(p);
        } else {
            pools.rejectClash(def.uuid(), def.name());
            rejectSourceConflict(def, p);
            p.def = def;
            p.persistent = true;
        }
        emit(p, StoragePoolEventType.DEFINED);
        return ref(p);
    }

    @Override
    public synchronized StoragePoolRef createStoragePool(String xml, long flags) {
        DriverFlags.check(flags, 0, "virStoragePoolCreateXML");
        StoragePoolDefinition def = StoragePoolXmlCodec.parse(xml);
        StoragePoolObject same = pools.get(def.uuid());
        if (same != null && same.active) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.STORAGE,
                    "pool is already active as '" + same.name() + "'");
        }
        StoragePoolObject p;
        if (same == null) {
            p = new StoragePoolObject(checkedNew(def, false), false);
            pools.put(p);
        } else { // the inactive pool of that UUID runs the new definition
            p = same;
            p.def = checkedNew(def, true);
        }
        p.active = true;
        emit(p, StoragePoolEventType.STARTED);
        return ref(p);
    }

    /** {@code def} if its name, UUID and target are free (or, with {@code replacing}, its UUID's own). */
    private StoragePoolDefinition checkedNew(StoragePoolDefinition def, boolean replacing) {
        pools.rejectClash(def.uuid(), def.name());
        if (!replacing && pools.contains(def.uuid())) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.STORAGE,
                    "pool '" + def.name() + "' already exists");
        }
        rejectSourceConflict(def, pools.get(def.uuid()));
        return def;
    }

    /** libvirt refuses two local pools of one target directory as a source conflict. */
    private void rejectSourceConflict(StoragePoolDefinition def, StoragePoolObject self) {
        String target = def.target() == null ? null : def.target().path();
        for (StoragePoolObject other : pools.values()) {
            if (other != self && target != null && target.equals(other.targetPath())) {
                throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.STORAGE,
                        "Storage source conflict with pool: '" + other.name() + "'");
            }
        }
    }

    // --- one pool --------------------------------------------------------------------------------------

    @Override
    public synchronized StoragePoolInfo storagePoolInfo(StoragePoolRef pool) {
        StoragePoolObject p = find(pool);
        return new StoragePoolInfo(p.active ? StoragePoolState.RUNNING : StoragePoolState.INACTIVE,
                p.capacity(), p.allocation, p.available());
    }

    @Override
    public synchronized String storagePoolXml(StoragePoolRef pool, long flags) {
        DriverFlags.decode(flags, StorageXmlFlag.class, "virStoragePoolGetXMLDesc");
        return StoragePoolXmlCodec.format(find(pool).live());
    }

    @Override
    public synchronized boolean storagePoolIsActive(StoragePoolRef pool) {
        return find(pool).active;
    }

    @Override
    public synchronized boolean storagePoolIsPersistent(StoragePoolRef pool) {
        return find(pool).persistent;
    }

    @Override
    public synchronized boolean storagePoolAutostart(StoragePoolRef pool) {
        return find(pool).autostart;
    }

    @Override
    public synchronized void setStoragePoolAutostart(StoragePoolRef pool, boolean autostart) {
        StoragePoolObject p = find(pool);
        if (!p.persistent) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.STORAGE,
                    "cannot set autostart for transient pool");
        }
        p.autostart = autostart;
    }

    @Override
    public synchronized void startStoragePool(StoragePoolRef pool, long flags) {
        DriverFlags.check(flags, 0, "virStoragePoolCreate");
        StoragePoolObject p = inactive(pool);
        p.active = true;
        emit(p, StoragePoolEventType.STARTED);
    }

    @Override
    public synchronized void destroyStoragePool(StoragePoolRef pool) {
        StoragePoolObject p = active(pool);
        p.active = false;
        emit(p, StoragePoolEventType.STOPPED);
        if (!p.persistent) {
            pools.remove(p);
        }
    }

    @Override
    public synchronized void undefineStoragePool(StoragePoolRef pool) {
        StoragePoolObject p = inactive(pool);
        pools.remove(p);
        emit(p, StoragePoolEventType.UNDEFINED);
    }

    /** Nothing to make in memory: an inactive pool is built at once. */
    @Override
    public synchronized void buildStoragePool(StoragePoolRef pool, long flags) {
        DriverFlags.check(flags, 0, "virStoragePoolBuild");
        emit(inactive(pool), StoragePoolEventType.CREATED);
    }

    @Override
    public synchronized void deleteStoragePool(StoragePoolRef pool, long flags) {
        DriverFlags.check(flags, 0, "virStoragePoolDelete");
        emit(inactive(pool), StoragePoolEventType.DELETED);
    }

    @Override
    public synchronized void refreshStoragePool(StoragePoolRef pool, long flags) {
        DriverFlags.check(flags, 0, "virStoragePoolRefresh");
        emit(active(pool), StoragePoolEventType.REFRESHED);
    }

    @Override
    public synchronized List<StorageVolumeRef> listStorageVolumes(StoragePoolRef pool, long flags) {
        DriverFlags.check(flags, 0, "virStoragePoolListAllVolumes");
        StoragePoolObject p = activeForVolumes(pool);
        return p.volumes.values().stream().map(v -> ref(p, v)).toList();
    }

    // --- volumes ---------------------------------------------------------------------------------------

    @Override
    public synchronized StorageVolumeRef lookupStorageVolumeByName(StoragePoolRef pool, String name) {
        StoragePoolObject p = activeForVolumes(pool);
        StorageVolumeDefinition v = p.volumes.get(name);
        if (v == null) {
            throw new VirtException(ErrorCode.NO_STORAGE_VOL, ErrorDomain.STORAGE,
                    "no storage vol with matching name '" + name + "'");
        }
        return ref(p, v);
    }

    @Override
    public synchronized StorageVolumeRef lookupStorageVolumeByKey(String key) {
        StorageVolumeRef found = byPath(key);
        if (found == null) {
            throw new VirtException(ErrorCode.NO_STORAGE_VOL, ErrorDomain.STORAGE,
                    "no storage vol with matching key '" + key + "'");
        }
        return found;
    }

    @Override
    public synchronized StorageVolumeRef lookupStorageVolumeByPath(String path) {
        StorageVolumeRef found = byPath(path);
        if (found == null) {
            throw noVolumeWithPath(path);
        }
        return found;
    }

    /** The volume at {@code path} (its key too) in an active pool, or null. */
    private StorageVolumeRef byPath(String path) {
        for (StoragePoolObject p : pools.values()) {
            if (!p.active) {
                continue;
            }
            for (StorageVolumeDefinition v : p.volumes.values()) {
                if (v.key().equals(path)) {
                    return ref(p, v);
                }
            }
        }
        return null;
    }

    @Override
    public synchronized StorageVolumeRef createStorageVolume(StoragePoolRef pool, String xml, long flags) {
        DriverFlags.check(flags, 0, "virStorageVolCreateXML");
        StoragePoolObject p = activeForVolumes(pool);
        StorageVolumeDefinition v = add(p, StorageVolumeXmlCodec.parse(xml));
        p.contents.put(v.name(), new VolumeContent(v.capacity()));
        return ref(p, v);
    }

    /** As libvirt's test driver, the clone takes the new XML's sizes; the source must exist. */
    @Override
    public synchronized StorageVolumeRef createStorageVolumeFrom(StoragePoolRef pool, String xml,
            StorageVolumeRef source, long flags) {
        DriverFlags.check(flags, 0, "virStorageVolCreateXMLFrom");
        StoragePoolObject p = activeForVolumes(pool);
        StorageVolumeDefinition def = StorageVolumeXmlCodec.parse(xml);
        VolumeContent from = volume(source).contents.get(source.name());
        StorageVolumeDefinition v = add(p, def);
        p.contents.put(v.name(), from.copy(v.capacity()));
        return ref(p, v);
    }

    /**
     * Adds {@code asked} as libvirt's test driver does: its key and target path become the pool's target
     * directory and its name (whatever the XML said), its format the pool type's (see {@link PoolVolumeFormats}).
     */
    private StorageVolumeDefinition add(StoragePoolObject p, StorageVolumeDefinition asked) {
        String format = PoolVolumeFormats.resolve(p.def.type(), asked.target().format());
        String path = p.volumePath(asked.name());
        VolumeTarget t = asked.target();
        StorageVolumeDefinition v = new StorageVolumeDefinition(asked.type(), asked.name(), path, asked.source(),
                asked.capacity(), asked.allocation(), asked.physical(), new VolumeTarget(path, format,
                        t.permissions(), t.timestamps(), t.encryption(), t.compat(), t.nocow(), t.clusterSize(),
                        t.features()), asked.backingStore());
        if (p.volumes.containsKey(v.name())) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.STORAGE, "storage vol already exists");
        }
        if (v.allocation() > p.available()) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.STORAGE,
                    "Not enough free space in pool for volume '" + v.name() + "'");
        }
        p.volumes.put(v.name(), v);
        p.allocation += v.allocation();
        return v;
    }

    @Override
    public synchronized StorageVolumeInfo storageVolumeInfo(StorageVolumeRef volume, long flags) {
        DriverFlags.check(flags, 0, "virStorageVolGetInfoFlags");
        StorageVolumeDefinition v = volume(volume).volumes.get(volume.name());
        return new StorageVolumeInfo(StorageVolumeType.valueOf(v.type().name()), v.capacity(), v.allocation());
    }

    @Override
    public synchronized String storageVolumeXml(StorageVolumeRef volume, long flags) {
        DriverFlags.check(flags, 0, "virStorageVolGetXMLDesc");
        return StorageVolumeXmlCodec.format(volume(volume).volumes.get(volume.name()));
    }

    @Override
    public synchronized String storageVolumePath(StorageVolumeRef volume) {
        return volume(volume).volumes.get(volume.name()).key();
    }

    @Override
    public synchronized void deleteStorageVolume(StorageVolumeRef volume, long flags) {
        DriverFlags.check(flags, 0, "virStorageVolDelete");
        StoragePoolObject p = volume(volume);
        StorageVolumeDefinition v = p.volumes.remove(volume.name());
        p.contents.remove(volume.name());
        p.allocation -= v.allocation();
    }

    @Override
    public synchronized VolumeUpload uploadStorageVolume(StorageVolumeRef volume, long offset, long length,
            long flags) {
        boolean sparse = !DriverFlags.decode(flags, StorageVolumeStreamFlag.class, "virStorageVolUpload").isEmpty();
        return MemoryVolumeStreams.upload(volume(volume).contents.get(volume.name()), offset, length, sparse);
    }

    @Override
    public synchronized VolumeDownload downloadStorageVolume(StorageVolumeRef volume, long offset, long length,
            long flags) {
        boolean sparse = !DriverFlags.decode(flags, StorageVolumeStreamFlag.class, "virStorageVolDownload").isEmpty();
        return MemoryVolumeStreams.download(volume(volume).contents.get(volume.name()), offset, length, sparse);
    }

    /** Shared by every connection to the state and gone with it: nothing to release per connection. */
    @Override
    public void close() {
    }

    // --- finding again -----------------------------------------------------------------------------------

    private StoragePoolObject find(StoragePoolRef ref) {
        StoragePoolObject p = pools.get(ref.uuid());
        if (p == null) {
            throw noPoolWithName(ref.name());
        }
        return p;
    }

    private StoragePoolObject active(StoragePoolRef ref) {
        StoragePoolObject p = find(ref);
        if (!p.active) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.STORAGE,
                    "storage pool '" + p.name() + "' is not active");
        }
        return p;
    }

    private StoragePoolObject inactive(StoragePoolRef ref) {
        StoragePoolObject p = find(ref);
        if (p.active) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.STORAGE,
                    "storage pool '" + p.name() + "' is active");
        }
        return p;
    }

    /** libvirt's test driver words the volume calls' refusal of an inactive pool without its name. */
    private StoragePoolObject activeForVolumes(StoragePoolRef ref) {
        StoragePoolObject p = find(ref);
        if (!p.active) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.STORAGE, "storage pool is not active");
        }
        return p;
    }

    /** The active pool holding the volume {@code ref} names by key; NO_STORAGE_VOL once it is gone. */
    private StoragePoolObject volume(StorageVolumeRef ref) {
        StoragePoolObject p = pools.byName(ref.pool());
        StorageVolumeDefinition v = p == null || !p.active ? null : p.volumes.get(ref.name());
        if (v == null || !v.key().equals(ref.key())) {
            throw noVolumeWithPath(ref.key());
        }
        return p;
    }

    private static VirtException noPoolWithName(String name) {
        return new VirtException(ErrorCode.NO_STORAGE_POOL, ErrorDomain.STORAGE,
                "no storage pool with matching name '" + name + "'");
    }

    private static VirtException noVolumeWithPath(String path) {
        return new VirtException(ErrorCode.NO_STORAGE_VOL, ErrorDomain.STORAGE,
                "no storage vol with matching path '" + path + "'");
    }

    private void emit(StoragePoolObject p, StoragePoolEventType type) {
        events.accept(ref(p), type);
    }

    private static StoragePoolRef ref(StoragePoolObject p) {
        return new StoragePoolRef(p.name(), p.uuid());
    }

    private static StorageVolumeRef ref(StoragePoolObject p, StorageVolumeDefinition v) {
        return new StorageVolumeRef(p.name(), v.name(), v.key());
    }
}
