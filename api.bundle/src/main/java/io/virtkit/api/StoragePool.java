package io.virtkit.api;

import java.util.List;
import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A handle on one storage pool of one connection, libvirt's {@code virStoragePoolPtr}. It names the pool by
 * UUID; every call fails with {@link ErrorCode#NO_STORAGE_POOL} once the pool no longer exists, and with
 * {@link ErrorCode#INVALID_CONN} once its connection is closed. Changes are refused on a read-only
 * connection ({@link ErrorCode#OPERATION_DENIED}).
 *
 * @since 1.4
 */
@ProviderType
public interface StoragePool {

    Connection connection();

    String name();

    UUID uuid();

    /** State and sizes ({@code virStoragePoolGetInfo}). */
    StoragePoolInfo info();

    /** The pool XML: live when active, unless {@link StorageXmlFlag#INACTIVE} asks for the persistent one. */
    String xml(StorageXmlFlag... flags);

    boolean isActive();

    boolean isPersistent();

    boolean autostart();

    /** @throws VirtException {@link ErrorCode#OPERATION_INVALID} for a transient pool */
    void setAutostart(boolean autostart);

    /**
     * Starts a defined, inactive pool ({@code virStoragePoolCreate}), building it first when asked.
     *
     * @throws VirtException {@link ErrorCode#OPERATION_INVALID} "storage pool '…' is active"
     */
    void start(StoragePoolCreateFlag... flags);

    /**
     * Makes the pool's underlying storage (a directory, a file system, a volume group): {@code virStoragePoolBuild}.
     */
    void build(StoragePoolBuildFlag... flags);

    /** Stops the pool; its storage stays. A transient pool vanishes ({@code virStoragePoolDestroy}). */
    void destroy();

    /** Deletes the pool's underlying storage; the pool must be inactive ({@code virStoragePoolDelete}). */
    void delete(StoragePoolDeleteFlag... flags);

    /**
     * Removes the persistent definition ({@code virStoragePoolUndefine}).
     *
     * @throws VirtException {@link ErrorCode#OPERATION_INVALID} while the pool is active, as libvirt's drivers
     */
    void undefine();

    /** Looks at the pool's volumes again ({@code virStoragePoolRefresh}); an active pool only. */
    void refresh();

    /** The pool's volumes ({@code virStoragePoolListAllVolumes}); an active pool only. */
    List<StorageVolume> listVolumes();

    /** @throws VirtException {@link ErrorCode#NO_STORAGE_VOL} when the pool has none of that name */
    StorageVolume lookupVolume(String name);

    /** Creates a volume in this pool from volume XML ({@code virStorageVolCreateXML}). */
    StorageVolume createVolume(String xml, StorageVolumeCreateFlag... flags);

    /**
     * Creates a volume in this pool from volume XML, with {@code source}'s content (a clone:
     * {@code virStorageVolCreateXMLFrom}); {@code source} may be in another pool of the same connection.
     */
    StorageVolume createVolumeFrom(String xml, StorageVolume source, StorageVolumeCreateFlag... flags);
}
