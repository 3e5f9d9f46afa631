package io.virtkit.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A handle on one storage volume of one connection, libvirt's {@code virStorageVolPtr}: its pool's name, its
 * name and its key (unique on the host, usually its path). Every call fails with
 * {@link ErrorCode#NO_STORAGE_VOL} once the volume no longer exists, and with {@link ErrorCode#INVALID_CONN}
 * once its connection is closed; changes are refused on a read-only connection.
 *
 * @since 1.4
 */
@ProviderType
public interface StorageVolume {

    Connection connection();

    /** The pool holding the volume ({@code virStoragePoolLookupByVolume}). */
    StoragePool pool();

    /** The name of the pool holding it, as the handle carries it. */
    String poolName();

    String name();

    /** The host-wide unique key ({@code virStorageVolGetKey}). */
    String key();

    /** Where the volume is on the host ({@code virStorageVolGetPath}). */
    String path();

    /** Type and sizes ({@code virStorageVolGetInfo}, or {@code virStorageVolGetInfoFlags} with flags). */
    StorageVolumeInfo info(StorageVolumeInfoFlag... flags);

    /** The volume XML ({@code virStorageVolGetXMLDesc}, which has no flags). */
    String xml();

    void delete(StorageVolumeDeleteFlag... flags);

    /** Overwrites the volume's data with zeros ({@code virStorageVolWipe}). */
    void wipe();

    /** Overwrites the volume's data as {@code algorithm} does ({@code virStorageVolWipePattern}). */
    void wipe(StorageVolumeWipeAlgorithm algorithm);

    /**
     * Sets the capacity to {@code capacity} bytes, or changes it by them with {@link StorageVolumeResizeFlag#DELTA}.
     */
    void resize(long capacity, StorageVolumeResizeFlag... flags);

    /**
     * Opens an upload of new content ({@code virStorageVolUpload}).
     *
     * @param offset where in the volume the content starts, in bytes
     * @param length how many bytes at most; 0 for up to the volume's end
     */
    VolumeUpload upload(long offset, long length, StorageVolumeStreamFlag... flags);

    /**
     * Opens a download of the volume's content ({@code virStorageVolDownload}).
     *
     * @param offset where in the volume to start, in bytes
     * @param length how many bytes at most; 0 for up to the volume's end
     */
    VolumeDownload download(long offset, long length, StorageVolumeStreamFlag... flags);
}
