package io.virtkit.shell.internal;

import java.util.UUID;

import org.apache.karaf.shell.support.CommandException;

import io.virtkit.api.Connection;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.StoragePool;
import io.virtkit.api.StorageVolume;
import io.virtkit.api.VirtException;

/** How virsh finds the pool and the volume a storage verb names, with its error lines when it cannot. */
final class StorageLookup {

    private StorageLookup() {
    }

    /** A UUID-shaped key is tried as a UUID first, then everything as a name. */
    static StoragePool pool(Connection connection, String key) {
        UUID uuid = DomainLookup.parseUuid(key);
        if (uuid != null) {
            try {
                return connection.lookupStoragePoolByUuid(uuid);
            } catch (VirtException e) {
                if (e.code() != ErrorCode.NO_STORAGE_POOL) {
                    throw e;
                }
            }
        }
        return connection.lookupStoragePoolByName(key);
    }

    /** {@link #pool}, failing with virsh's two lines "failed to get pool 'x'" and the driver's reason. */
    static StoragePool poolOrFail(Connection connection, String key) throws CommandException {
        try {
            return pool(connection, key);
        } catch (VirtException e) {
            throw Errors.of("failed to get pool '" + key + "'", e);
        }
    }

    /**
     * A volume as virsh looks it up: by name in {@code poolKey}'s pool when one is given, else (or when the name
     * is not there) by key, then by path. The last failure is the reason virsh prints; without a pool it adds
     * "specifying --pool might help".
     */
    static StorageVolume volume(Connection connection, String key, String poolKey) throws CommandException {
        VirtException last = null;
        if (poolKey != null) {
            StoragePool pool = poolOrFail(connection, poolKey);
            try {
                return pool.lookupVolume(key);
            } catch (VirtException e) {
                last = notFoundOrThrow(e);
            }
        }
        try {
            return connection.lookupStorageVolumeByKey(key);
        } catch (VirtException e) {
            last = notFoundOrThrow(e);
        }
        try {
            return connection.lookupStorageVolumeByPath(key);
        } catch (VirtException e) {
            last = notFoundOrThrow(e);
        }
        String failure = "failed to get vol '" + key + "'" + (poolKey == null ? ", specifying --pool might help" : "");
        throw Errors.of(failure, last);
    }

    private static VirtException notFoundOrThrow(VirtException e) {
        if (e.code() != ErrorCode.NO_STORAGE_VOL) {
            throw e;
        }
        return e;
    }
}
