package io.virtkit.esx.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.StoragePoolInfo;
import io.virtkit.api.StoragePoolState;
import io.virtkit.api.StorageVolumeInfo;
import io.virtkit.api.StorageVolumeType;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DriverFlags;
import io.virtkit.api.driver.StorageConnection;
import io.virtkit.api.driver.StoragePoolRef;
import io.virtkit.api.driver.StorageVolumeRef;
import io.virtkit.esx.internal.vmx.DatastorePath;
import io.virtkit.model.storage.StorageVolumeDefinition;
import io.virtkit.model.storage.StorageVolumeXmlCodec;
import io.virtkit.model.storage.VolumeTarget;
import io.virtkit.support.StoragePoolListFilter;

/**
 * The ESX driver's storage as libvirt's VMFS storage backend shows it: every datastore of the host is a
 * storage pool (always active, persistent and autostarted; its UUID the MD5 of its mount path), the files on
 * it are volumes named {@code dir/file} with the path {@code [datastore] dir/file}, a virtual disk's key its
 * UUID. Pools cannot be defined, started, stopped or deleted (NO_SUPPORT, as libvirt); volumes are virtual
 * disks made and deleted through the virtual disk manager. Everything is read from the host at each call.
 */
final class EsxStorage implements StorageConnection {

    private final EsxDatastores datastores;
    private final EsxVolumeFiles files;
    private final EsxVolumeChanges changes;
    private final EsxContext context;

    EsxStorage(EsxContext context, EsxDatastores datastores) {
        this.context = context;
        this.datastores = datastores;
        this.files = new EsxVolumeFiles(context, datastores);
        this.changes = new EsxVolumeChanges(context, files);
    }

    // --- pools -----------------------------------------------------------------------------------------

    @Override
    public List<StoragePoolRef> listAllStoragePools(long flags) {
        StoragePoolListFilter filter = new StoragePoolListFilter(flags);
        List<StoragePoolRef> refs = new ArrayList<>();
        for (EsxDatastore ds : datastores.all()) {
            if (ds.mountPath() != null
                    && filter.matches(true, true, true, EsxPoolXml.type(ds).xmlName())) {
                refs.add(ref(ds));
            }
        }
        return refs;
    }

    @Override
    public StoragePoolRef lookupStoragePoolByName(String name) {
        return ref(datastores.byName(name));
    }

    @Override
    public StoragePoolRef lookupStoragePoolByUuid(UUID uuid) {
        return ref(byUuid(uuid));
    }

    private EsxDatastore byUuid(UUID uuid) {
        for (EsxDatastore ds : datastores.all()) {
            if (ds.mountPath() != null && ds.uuid().equals(uuid)) {
                return ds;
            }
        }
        throw new VirtException(ErrorCode.NO_STORAGE_POOL, ErrorDomain.ESX,
                "Could not find storage pool with uuid '" + uuid + "'");
    }

    @Override
    public StoragePoolRef lookupStoragePoolByVolume(StorageVolumeRef volume) {
        return lookupStoragePoolByName(volume.pool());
    }

    @Override
    public StoragePoolRef defineStoragePool(String xml, long flags) {
        throw DriverFlags.noSupport("virStoragePoolDefineXML");
    }

    @Override
    public StoragePoolRef createStoragePool(String xml, long flags) {
        throw DriverFlags.noSupport("virStoragePoolCreateXML");
    }

    @Override
    public StoragePoolInfo storagePoolInfo(StoragePoolRef pool) {
        EsxDatastore ds = of(pool);
        if (!ds.accessible()) {
            return new StoragePoolInfo(StoragePoolState.INACCESSIBLE, 0, 0, 0);
        }
        return new StoragePoolInfo(StoragePoolState.RUNNING, ds.capacity(), ds.capacity() - ds.free(), ds.free());
    }

    @Override
    public String storagePoolXml(StoragePoolRef pool, long flags) {
        DriverFlags.check(flags, 0, "virStoragePoolGetXMLDesc");
        return EsxPoolXml.format(of(pool));
    }

    @Override
    public boolean storagePoolIsActive(StoragePoolRef pool) {
        of(pool);
        return true; // a datastore of the host is always there to use
    }

    @Override
    public boolean storagePoolIsPersistent(StoragePoolRef pool) {
        of(pool);
        return true;
    }

    @Override
    public boolean storagePoolAutostart(StoragePoolRef pool) {
        of(pool);
        return true;
    }

    /** libvirt takes autostart on and refuses to take it off. */
    @Override
    public void setStoragePoolAutostart(StoragePoolRef pool, boolean autostart) {
        of(pool);
        if (!autostart) {
            throw EsxErrors.internal("Cannot deactivate storage pool autostart");
        }
    }

    @Override
    public void startStoragePool(StoragePoolRef pool, long flags) {
        throw DriverFlags.noSupport("virStoragePoolCreate");
    }

    @Override
    public void destroyStoragePool(StoragePoolRef pool) {
        throw DriverFlags.noSupport("virStoragePoolDestroy");
    }

    @Override
    public void undefineStoragePool(StoragePoolRef pool) {
        throw DriverFlags.noSupport("virStoragePoolUndefine");
    }

    /** {@code RefreshDatastore}: the host rereads the datastore's sizes. */
    @Override
    public void refreshStoragePool(StoragePoolRef pool, long flags) {
        DriverFlags.check(flags, 0, "virStoragePoolRefresh");
        EsxDatastore ds = of(pool);
        EsxErrors.run(() -> context.session.call("RefreshDatastore", ds.ref()));
    }

    @Override
    public List<StorageVolumeRef> listStorageVolumes(StoragePoolRef pool, long flags) {
        DriverFlags.check(flags, 0, "virStoragePoolListAllVolumes");
        EsxDatastore ds = of(pool);
        List<StorageVolumeRef> refs = new ArrayList<>();
        for (String name : files.diskNames(ds)) {
            refs.add(new StorageVolumeRef(ds.name(), name, files.diskUuid(new DatastorePath(ds.name(), name))));
        }
        return refs;
    }

    // --- finding and making volumes ------------------------------------------------------------------

    @Override
    public StorageVolumeRef lookupStorageVolumeByName(StoragePoolRef pool, String name) {
        EsxDatastore ds = of(pool);
        return volumeAt(new DatastorePath(ds.name(), name));
    }

    @Override
    public StorageVolumeRef lookupStorageVolumeByPath(String path) {
        if (path == null || !path.startsWith("[")) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.ESX, "Unexpected volume path format: " + path);
        }
        return volumeAt(DatastorePath.parse(path));
    }

    /** A disk's UUID, or a datastore path (libvirt's key of a file that is no disk). */
    @Override
    public StorageVolumeRef lookupStorageVolumeByKey(String key) {
        if (key.startsWith("[")) {
            return lookupStorageVolumeByPath(key);
        }
        for (EsxDatastore ds : datastores.all()) {
            for (String name : files.diskNames(ds)) {
                if (files.diskUuid(new DatastorePath(ds.name(), name)).equals(key)) {
                    return new StorageVolumeRef(ds.name(), name, key);
                }
            }
        }
        throw new VirtException(ErrorCode.NO_STORAGE_VOL, ErrorDomain.ESX,
                "Could not find storage volume with key '" + key + "'");
    }

    private StorageVolumeRef volumeAt(DatastorePath path) {
        EsxVolumeFiles.FileInfo info = files.require(path);
        return new StorageVolumeRef(path.datastore(), path.directoryAndFile(), files.key(path, info));
    }

    @Override
    public StorageVolumeRef createStorageVolume(StoragePoolRef pool, String xml, long flags) {
        DriverFlags.check(flags, 0, "virStorageVolCreateXML");
        return changes.create(of(pool), xml);
    }

    @Override
    public StorageVolumeRef createStorageVolumeFrom(StoragePoolRef pool, String xml, StorageVolumeRef source,
            long flags) {
        DriverFlags.check(flags, 0, "virStorageVolCreateXMLFrom");
        EsxDatastore ds = of(pool);
        files.require(path(source));
        return changes.copy(ds, xml, source);
    }

    // --- one volume --------------------------------------------------------------------------------------

    @Override
    public StorageVolumeInfo storageVolumeInfo(StorageVolumeRef volume, long flags) {
        DriverFlags.check(flags, 0, "virStorageVolGetInfoFlags");
        EsxVolumeFiles.FileInfo info = files.require(path(volume));
        return new StorageVolumeInfo(StorageVolumeType.FILE, capacity(info), info.fileSize());
    }

    @Override
    public String storageVolumeXml(StorageVolumeRef volume, long flags) {
        DriverFlags.check(flags, 0, "virStorageVolGetXMLDesc");
        DatastorePath path = path(volume);
        EsxVolumeFiles.FileInfo info = files.require(path);
        String format = switch (info.type()) {
            case "VmDiskFileInfo" -> "vmdk";
            case "IsoImageFileInfo" -> "iso";
            default -> "raw";
        };
        StorageVolumeDefinition def = StorageVolumeDefinition.builder(volume.name(), capacity(info))
                .key(files.key(path, info)).allocation(info.fileSize())
                .target(VolumeTarget.builder().path(path.toString()).format(format).build()).build();
        return StorageVolumeXmlCodec.format(def);
    }

    @Override
    public String storageVolumePath(StorageVolumeRef volume) {
        return path(volume).toString();
    }

    @Override
    public void deleteStorageVolume(StorageVolumeRef volume, long flags) {
        DriverFlags.check(flags, 0, "virStorageVolDelete");
        changes.delete(volume);
    }

    @Override
    public void wipeStorageVolume(StorageVolumeRef volume, long flags) {
        DriverFlags.check(flags, 0, "virStorageVolWipe");
        changes.wipe(volume);
    }

    @Override
    public void close() {
        // the session belongs to the hypervisor connection, which closes it
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private static long capacity(EsxVolumeFiles.FileInfo info) {
        return info.isDisk() ? info.capacityKb() * 1024 : info.fileSize();
    }

    private static DatastorePath path(StorageVolumeRef volume) {
        return new DatastorePath(volume.pool(), volume.name());
    }

    /** The datastore behind a pool handle, read now: NO_STORAGE_POOL when it went away. */
    private EsxDatastore of(StoragePoolRef pool) {
        EsxDatastore ds = datastores.find(pool.name());
        if (ds == null || ds.mountPath() == null || !ds.uuid().equals(pool.uuid())) {
            throw EsxDatastores.noPool(pool.name());
        }
        return ds;
    }

    private static StoragePoolRef ref(EsxDatastore ds) {
        return new StoragePoolRef(ds.name(), ds.uuid());
    }
}
