package io.virtkit.api.driver;

import java.util.List;
import java.util.UUID;

import io.virtkit.api.StoragePoolInfo;
import io.virtkit.api.StorageVolumeInfo;
import io.virtkit.api.VolumeDownload;
import io.virtkit.api.VolumeUpload;

/**
 * One open connection of a {@link StorageDriver}: libvirt's {@code virStorageDriver} table, on
 * {@link StoragePoolRef}s and {@link StorageVolumeRef}s as {@link NetworkConnection} is on network
 * references. Core calls it only while the public connection is open and after its read-only check; the
 * driver finds each pool again by UUID (NO_STORAGE_POOL once gone) and each volume by key (NO_STORAGE_VOL),
 * raises libvirt's errors and checks flags with {@link DriverFlags#check}. Flags are libvirt's bits (the
 * API's enums carry them). Entry points with a default body are optional: the default answers NO_SUPPORT
 * naming libvirt's function.
 *
 * @since 1.3
 */
@org.osgi.annotation.versioning.ConsumerType
public interface StorageConnection extends AutoCloseable {

    // --- finding and making pools --------------------------------------------------------------------

    /** {@code virConnectListAllStoragePools}: flags are {@link io.virtkit.api.StoragePoolListFlag} bits. */
    List<StoragePoolRef> listAllStoragePools(long flags);

    StoragePoolRef lookupStoragePoolByName(String name);

    StoragePoolRef lookupStoragePoolByUuid(UUID uuid);

    default StoragePoolRef lookupStoragePoolByTargetPath(String path) {
        throw DriverFlags.noSupport("virStoragePoolLookupByTargetPath");
    }

    /** {@code virStoragePoolLookupByVolume}. */
    StoragePoolRef lookupStoragePoolByVolume(StorageVolumeRef volume);

    /** {@code virStoragePoolDefineXML}. */
    StoragePoolRef defineStoragePool(String xml, long flags);

    /** {@code virStoragePoolCreateXML}: flags are {@link io.virtkit.api.StoragePoolCreateFlag} bits. */
    StoragePoolRef createStoragePool(String xml, long flags);

    default String findStoragePoolSources(String type, String sourceSpec, long flags) {
        throw DriverFlags.noSupport("virConnectFindStoragePoolSources");
    }

    // --- one pool --------------------------------------------------------------------------------------

    StoragePoolInfo storagePoolInfo(StoragePoolRef pool);

    /** {@code virStoragePoolGetXMLDesc}: flags are {@link io.virtkit.api.StorageXmlFlag} bits. */
    String storagePoolXml(StoragePoolRef pool, long flags);

    boolean storagePoolIsActive(StoragePoolRef pool);

    boolean storagePoolIsPersistent(StoragePoolRef pool);

    boolean storagePoolAutostart(StoragePoolRef pool);

    void setStoragePoolAutostart(StoragePoolRef pool, boolean autostart);

    /** {@code virStoragePoolCreate}: flags are {@link io.virtkit.api.StoragePoolCreateFlag} bits. */
    void startStoragePool(StoragePoolRef pool, long flags);

    void destroyStoragePool(StoragePoolRef pool);

    void undefineStoragePool(StoragePoolRef pool);

    /** {@code virStoragePoolBuild}: flags are {@link io.virtkit.api.StoragePoolBuildFlag} bits. */
    default void buildStoragePool(StoragePoolRef pool, long flags) {
        throw DriverFlags.noSupport("virStoragePoolBuild");
    }

    /** {@code virStoragePoolDelete}: flags are {@link io.virtkit.api.StoragePoolDeleteFlag} bits. */
    default void deleteStoragePool(StoragePoolRef pool, long flags) {
        throw DriverFlags.noSupport("virStoragePoolDelete");
    }

    default void refreshStoragePool(StoragePoolRef pool, long flags) {
        throw DriverFlags.noSupport("virStoragePoolRefresh");
    }

    /** {@code virStoragePoolListAllVolumes}. */
    List<StorageVolumeRef> listStorageVolumes(StoragePoolRef pool, long flags);

    // --- finding and making volumes ----------------------------------------------------------------------

    /** {@code virStorageVolLookupByName}, within {@code pool}. */
    StorageVolumeRef lookupStorageVolumeByName(StoragePoolRef pool, String name);

    StorageVolumeRef lookupStorageVolumeByKey(String key);

    StorageVolumeRef lookupStorageVolumeByPath(String path);

    /** {@code virStorageVolCreateXML}: flags are {@link io.virtkit.api.StorageVolumeCreateFlag} bits. */
    StorageVolumeRef createStorageVolume(StoragePoolRef pool, String xml, long flags);

    /** {@code virStorageVolCreateXMLFrom}: a new volume in {@code pool} with {@code source}'s content. */
    default StorageVolumeRef createStorageVolumeFrom(StoragePoolRef pool, String xml, StorageVolumeRef source,
            long flags) {
        throw DriverFlags.noSupport("virStorageVolCreateXMLFrom");
    }

    // --- one volume ------------------------------------------------------------------------------------

    /**
     * {@code virStorageVolGetInfoFlags} ({@code virStorageVolGetInfo} with 0): flags are
     * {@link io.virtkit.api.StorageVolumeInfoFlag} bits.
     */
    StorageVolumeInfo storageVolumeInfo(StorageVolumeRef volume, long flags);

    /** {@code virStorageVolGetXMLDesc}. */
    String storageVolumeXml(StorageVolumeRef volume, long flags);

    String storageVolumePath(StorageVolumeRef volume);

    /** {@code virStorageVolDelete}: flags are {@link io.virtkit.api.StorageVolumeDeleteFlag} bits. */
    void deleteStorageVolume(StorageVolumeRef volume, long flags);

    default void wipeStorageVolume(StorageVolumeRef volume, long flags) {
        throw DriverFlags.noSupport("virStorageVolWipe");
    }

    /** {@code virStorageVolWipePattern}: {@code algorithm} is a {@code virStorageVolWipeAlgorithm} number. */
    default void wipeStorageVolumePattern(StorageVolumeRef volume, int algorithm, long flags) {
        throw DriverFlags.noSupport("virStorageVolWipePattern");
    }

    /** {@code virStorageVolResize}: flags are {@link io.virtkit.api.StorageVolumeResizeFlag} bits. */
    default void resizeStorageVolume(StorageVolumeRef volume, long capacity, long flags) {
        throw DriverFlags.noSupport("virStorageVolResize");
    }

    /** {@code virStorageVolUpload}: flags are {@link io.virtkit.api.StorageVolumeStreamFlag} bits. */
    default VolumeUpload uploadStorageVolume(StorageVolumeRef volume, long offset, long length, long flags) {
        throw DriverFlags.noSupport("virStorageVolUpload");
    }

    /** {@code virStorageVolDownload}: flags are {@link io.virtkit.api.StorageVolumeStreamFlag} bits. */
    default VolumeDownload downloadStorageVolume(StorageVolumeRef volume, long offset, long length, long flags) {
        throw DriverFlags.noSupport("virStorageVolDownload");
    }

    @Override
    void close();
}
