package io.virtkit.storage.internal;

import java.util.List;
import java.util.UUID;

import io.virtkit.api.StoragePoolEventType;
import io.virtkit.api.StoragePoolInfo;
import io.virtkit.api.StorageVolumeInfo;
import io.virtkit.api.VolumeDownload;
import io.virtkit.api.VolumeUpload;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.StorageConnection;
import io.virtkit.api.driver.StoragePoolRef;
import io.virtkit.api.driver.StorageVolumeRef;

/** One connection's view of the {@link StoragePoolDriver}'s pools (the system's or the session's), shared with every connection to them. */
final class StoragePoolConnection implements StorageConnection {
    private final StoragePoolDriver driver;
    private final StoragePoolTable pools;
    private final PoolVolumes volumes;
    private final ConnectionEvents events;

    private final StoragePoolDriver.PoolStore store;

    StoragePoolConnection(StoragePoolDriver driver, StoragePoolDriver.PoolStore store, ConnectionEvents events) {
        this.driver = driver;
        this.store = store;
        this.pools = store.pools();
        this.volumes = store.volumes();
        this.events = events;
    }

    StoragePoolDriver.PoolStore store() {
        return store;
    }

    /** Passes a pool event on when the connection's client listens; core only queues it. */
    void report(StoragePoolRef pool, StoragePoolEventType type) {
        if (events.storagePoolEventsWanted()) {
            events.report(pool, type);
        }
    }

    @Override
    public List<StoragePoolRef> listAllStoragePools(long flags) {
        return pools.list(flags);
    }

    @Override
    public StoragePoolRef lookupStoragePoolByName(String name) {
        return pools.byName(name);
    }

    @Override
    public StoragePoolRef lookupStoragePoolByUuid(UUID uuid) {
        return pools.byUuid(uuid);
    }

    @Override
    public StoragePoolRef lookupStoragePoolByVolume(StorageVolumeRef volume) {
        return volumes.poolOf(volume);
    }

    @Override
    public StoragePoolRef defineStoragePool(String xml, long flags) {
        return pools.define(xml, flags);
    }

    @Override
    public StoragePoolRef createStoragePool(String xml, long flags) {
        return pools.create(xml, flags);
    }

    @Override
    public StoragePoolInfo storagePoolInfo(StoragePoolRef pool) {
        return pools.info(pool);
    }

    @Override
    public String storagePoolXml(StoragePoolRef pool, long flags) {
        return pools.xml(pool, flags);
    }

    @Override
    public boolean storagePoolIsActive(StoragePoolRef pool) {
        return pools.isActive(pool);
    }

    @Override
    public boolean storagePoolIsPersistent(StoragePoolRef pool) {
        return pools.isPersistent(pool);
    }

    @Override
    public boolean storagePoolAutostart(StoragePoolRef pool) {
        return pools.autostart(pool);
    }

    @Override
    public void setStoragePoolAutostart(StoragePoolRef pool, boolean autostart) {
        pools.setAutostart(pool, autostart);
    }

    @Override
    public void startStoragePool(StoragePoolRef pool, long flags) {
        pools.start(pool, flags);
    }

    @Override
    public void destroyStoragePool(StoragePoolRef pool) {
        pools.destroy(pool);
    }

    @Override
    public void undefineStoragePool(StoragePoolRef pool) {
        pools.undefine(pool);
    }

    @Override
    public void buildStoragePool(StoragePoolRef pool, long flags) {
        pools.build(pool, flags);
    }

    @Override
    public void deleteStoragePool(StoragePoolRef pool, long flags) {
        pools.delete(pool, flags);
    }

    @Override
    public void refreshStoragePool(StoragePoolRef pool, long flags) {
        pools.refresh(pool, flags);
    }

    @Override
    public List<StorageVolumeRef> listStorageVolumes(StoragePoolRef pool, long flags) {
        return volumes.list(pool, flags);
    }

    @Override
    public StorageVolumeRef lookupStorageVolumeByName(StoragePoolRef pool, String name) {
        return volumes.byName(pool, name);
    }

    @Override
    public StorageVolumeRef lookupStorageVolumeByKey(String key) {
        return volumes.byKey(key);
    }

    @Override
    public StorageVolumeRef lookupStorageVolumeByPath(String path) {
        return volumes.byPath(path);
    }

    @Override
    public StorageVolumeRef createStorageVolume(StoragePoolRef pool, String xml, long flags) {
        return volumes.create(pool, xml, flags);
    }

    @Override
    public StorageVolumeRef createStorageVolumeFrom(StoragePoolRef pool, String xml, StorageVolumeRef source,
                                                    long flags) {
        return volumes.createFrom(pool, xml, source, flags);
    }

    @Override
    public StorageVolumeInfo storageVolumeInfo(StorageVolumeRef volume, long flags) {
        return volumes.info(volume, flags);
    }

    @Override
    public String storageVolumeXml(StorageVolumeRef volume, long flags) {
        return volumes.xml(volume, flags);
    }

    @Override
    public String storageVolumePath(StorageVolumeRef volume) {
        return volumes.path(volume);
    }

    @Override
    public void deleteStorageVolume(StorageVolumeRef volume, long flags) {
        volumes.delete(volume, flags);
    }

    @Override
    public void wipeStorageVolume(StorageVolumeRef volume, long flags) {
        volumes.wipe(volume, 0, flags);
    }

    @Override
    public void wipeStorageVolumePattern(StorageVolumeRef volume, int algorithm, long flags) {
        volumes.wipe(volume, algorithm, flags);
    }

    @Override
    public void resizeStorageVolume(StorageVolumeRef volume, long capacity, long flags) {
        volumes.resize(volume, capacity, flags);
    }

    @Override
    public VolumeUpload uploadStorageVolume(StorageVolumeRef volume, long offset, long length, long flags) {
        return volumes.upload(volume, offset, length, flags);
    }

    @Override
    public VolumeDownload downloadStorageVolume(StorageVolumeRef volume, long offset, long length, long flags) {
        return volumes.download(volume, offset, length, flags);
    }

    @Override
    public void close() {
        driver.closed(this);
    }
}
