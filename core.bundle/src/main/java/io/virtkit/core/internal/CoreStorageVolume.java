package io.virtkit.core.internal;

import java.util.Objects;

import io.virtkit.api.Flag;
import io.virtkit.api.StoragePool;
import io.virtkit.api.StorageVolume;
import io.virtkit.api.StorageVolumeDeleteFlag;
import io.virtkit.api.StorageVolumeInfo;
import io.virtkit.api.StorageVolumeInfoFlag;
import io.virtkit.api.StorageVolumeResizeFlag;
import io.virtkit.api.StorageVolumeStreamFlag;
import io.virtkit.api.StorageVolumeWipeAlgorithm;
import io.virtkit.api.VolumeDownload;
import io.virtkit.api.VolumeUpload;
import io.virtkit.api.driver.StorageConnection;
import io.virtkit.api.driver.StorageVolumeRef;

/**
 * The one implementation of {@link StorageVolume}, libvirt's {@code virStorageVolPtr}: a connection and the
 * storage driver's reference; each call goes through the connection's checks to its storage sub-driver.
 * An upload or download, once opened, belongs to the caller: closing the connection does not end it. A volume
 * a running guest of the connection has as a disk is not deleted, wiped or shrunk ({@link GuestDiskUsers}).
 */
final class CoreStorageVolume implements StorageVolume {

    private final CoreConnection connection;
    private final StorageVolumeRef ref;

    CoreStorageVolume(CoreConnection connection, StorageVolumeRef ref) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.ref = Objects.requireNonNull(ref, "ref");
    }

    StorageVolumeRef ref() {
        return ref;
    }

    @Override
    public CoreConnection connection() {
        return connection;
    }

    @Override
    public StoragePool pool() {
        return connection.storagePool(
                connection.storage("virStoragePoolLookupByVolume").lookupStoragePoolByVolume(ref));
    }

    @Override
    public String poolName() {
        return ref.pool();
    }

    @Override
    public String name() {
        return ref.name();
    }

    @Override
    public String key() {
        return ref.key();
    }

    @Override
    public String path() {
        return connection.storage("virStorageVolGetPath").storageVolumePath(ref);
    }

    @Override
    public StorageVolumeInfo info(StorageVolumeInfoFlag... flags) {
        long bits = Flag.bits(flags);
        return connection.storage(bits == 0 ? "virStorageVolGetInfo" : "virStorageVolGetInfoFlags")
                .storageVolumeInfo(ref, bits);
    }

    @Override
    public String xml() {
        return connection.storage("virStorageVolGetXMLDesc").storageVolumeXml(ref, 0);
    }

    @Override
    public void delete(StorageVolumeDeleteFlag... flags) {
        requireNoRunningGuest("virStorageVolDelete").deleteStorageVolume(ref, Flag.bits(flags));
    }

    @Override
    public void wipe() {
        requireNoRunningGuest("virStorageVolWipe").wipeStorageVolume(ref, 0);
    }

    @Override
    public void wipe(StorageVolumeWipeAlgorithm algorithm) {
        Objects.requireNonNull(algorithm, "algorithm");
        requireNoRunningGuest("virStorageVolWipePattern").wipeStorageVolumePattern(ref, algorithm.number(), 0);
    }

    @Override
    public void resize(long capacity, StorageVolumeResizeFlag... flags) {
        long bits = Flag.bits(flags);
        StorageConnection storage = (bits & StorageVolumeResizeFlag.SHRINK.bit()) != 0
                ? requireNoRunningGuest("virStorageVolResize") : connection.storageForChange("virStorageVolResize");
        storage.resizeStorageVolume(ref, capacity, bits);
    }

    /**
     * The storage side for a call that destroys a volume's data, once no running guest of this connection has
     * the volume as a disk ({@link GuestDiskUsers}).
     */
    private StorageConnection requireNoRunningGuest(String function) {
        StorageConnection storage = connection.storageForChange(function);
        GuestDiskUsers.requireUnused(connection.hypervisor(function), ref, storage.storageVolumePath(ref));
        return storage;
    }

    @Override
    public VolumeUpload upload(long offset, long length, StorageVolumeStreamFlag... flags) {
        return connection.storageForChange("virStorageVolUpload")
                .uploadStorageVolume(ref, offset, length, Flag.bits(flags));
    }

    @Override
    public VolumeDownload download(long offset, long length, StorageVolumeStreamFlag... flags) {
        return connection.storageForChange("virStorageVolDownload")
                .downloadStorageVolume(ref, offset, length, Flag.bits(flags));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CoreStorageVolume other && other.connection == connection
                && other.ref.key().equals(ref.key());
    }

    @Override
    public int hashCode() {
        return ref.key().hashCode();
    }

    @Override
    public String toString() {
        return "StorageVolume[" + ref.pool() + "/" + ref.name() + " " + ref.key() + " on " + connection + "]";
    }
}
