package io.virtkit.core.internal;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.Flag;
import io.virtkit.api.StoragePool;
import io.virtkit.api.StoragePoolBuildFlag;
import io.virtkit.api.StoragePoolCreateFlag;
import io.virtkit.api.StoragePoolDeleteFlag;
import io.virtkit.api.StoragePoolInfo;
import io.virtkit.api.StorageVolume;
import io.virtkit.api.StorageVolumeCreateFlag;
import io.virtkit.api.StorageXmlFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.StoragePoolRef;
import io.virtkit.api.driver.StorageVolumeRef;

/**
 * The one implementation of {@link StoragePool}, libvirt's {@code virStoragePoolPtr}: a connection and the
 * storage driver's reference; each call goes through the connection's checks to its storage sub-driver.
 */
final class CoreStoragePool implements StoragePool {

    private final CoreConnection connection;
    private final StoragePoolRef ref;

    CoreStoragePool(CoreConnection connection, StoragePoolRef ref) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.ref = Objects.requireNonNull(ref, "ref");
    }

    @Override
    public CoreConnection connection() {
        return connection;
    }

    @Override
    public String name() {
        return ref.name();
    }

    @Override
    public UUID uuid() {
        return ref.uuid();
    }

    @Override
    public StoragePoolInfo info() {
        return connection.storage("virStoragePoolGetInfo").storagePoolInfo(ref);
    }

    @Override
    public String xml(StorageXmlFlag... flags) {
        return connection.storage("virStoragePoolGetXMLDesc").storagePoolXml(ref, Flag.bits(flags));
    }

    @Override
    public boolean isActive() {
        return connection.storage("virStoragePoolIsActive").storagePoolIsActive(ref);
    }

    @Override
    public boolean isPersistent() {
        return connection.storage("virStoragePoolIsPersistent").storagePoolIsPersistent(ref);
    }

    @Override
    public boolean autostart() {
        return connection.storage("virStoragePoolGetAutostart").storagePoolAutostart(ref);
    }

    @Override
    public void setAutostart(boolean autostart) {
        connection.storageForChange("virStoragePoolSetAutostart").setStoragePoolAutostart(ref, autostart);
    }

    @Override
    public void start(StoragePoolCreateFlag... flags) {
        connection.storageForChange("virStoragePoolCreate").startStoragePool(ref, Flag.bits(flags));
    }

    @Override
    public void build(StoragePoolBuildFlag... flags) {
        connection.storageForChange("virStoragePoolBuild").buildStoragePool(ref, Flag.bits(flags));
    }

    @Override
    public void destroy() {
        connection.storageForChange("virStoragePoolDestroy").destroyStoragePool(ref);
    }

    @Override
    public void delete(StoragePoolDeleteFlag... flags) {
        connection.storageForChange("virStoragePoolDelete").deleteStoragePool(ref, Flag.bits(flags));
    }

    @Override
    public void undefine() {
        connection.storageForChange("virStoragePoolUndefine").undefineStoragePool(ref);
    }

    @Override
    public void refresh() {
        connection.storageForChange("virStoragePoolRefresh").refreshStoragePool(ref, 0);
    }

    @Override
    public List<StorageVolume> listVolumes() {
        return connection.storage("virStoragePoolListAllVolumes").listStorageVolumes(ref, 0).stream()
                .map(this::volume).toList();
    }

    @Override
    public StorageVolume lookupVolume(String name) {
        return volume(connection.storage("virStorageVolLookupByName").lookupStorageVolumeByName(ref, name));
    }

    @Override
    public StorageVolume createVolume(String xml, StorageVolumeCreateFlag... flags) {
        return volume(connection.storageForChange("virStorageVolCreateXML")
                .createStorageVolume(ref, xml, Flag.bits(flags)));
    }

    /** The source must be a volume of this connection, as libvirt checks its handle. */
    @Override
    public StorageVolume createVolumeFrom(String xml, StorageVolume source, StorageVolumeCreateFlag... flags) {
        String function = "virStorageVolCreateXMLFrom";
        var storage = connection.storageForChange(function);
        if (!(source instanceof CoreStorageVolume from) || from.connection() != connection) {
            throw new VirtException(ErrorCode.INVALID_STORAGE_VOL, ErrorDomain.STORAGE, function);
        }
        return volume(storage.createStorageVolumeFrom(ref, xml, from.ref(), Flag.bits(flags)));
    }

    private StorageVolume volume(StorageVolumeRef volume) {
        return new CoreStorageVolume(connection, volume);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CoreStoragePool other && other.connection == connection
                && other.ref.uuid().equals(ref.uuid());
    }

    @Override
    public int hashCode() {
        return ref.uuid().hashCode();
    }

    @Override
    public String toString() {
        return "StoragePool[" + ref.name() + " " + ref.uuid() + " on " + connection + "]";
    }
}
