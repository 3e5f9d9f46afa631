package io.virtkit.test.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.virtkit.model.storage.StoragePoolDefinition;
import io.virtkit.model.storage.StorageVolumeDefinition;

/**
 * One storage pool of a {@link TestState}, libvirt's {@code virStoragePoolObj}: its definition, flags, sizes
 * and volumes by name. The test driver touches no host storage: a pool is only its facts. Mutable, and only
 * touched while holding the lock of {@link TestStorage}.
 */
final class StoragePoolObject {

    /** libvirt's test driver gives every pool 100 GiB, of which its volumes' allocations are taken. */
    static final long DEFAULT_CAPACITY = 100L << 30;

    StoragePoolDefinition def;
    boolean persistent;
    boolean autostart;
    boolean active;
    long allocation;
    /** Each volume as created: its key and target path are those the test driver gave it then. */
    final Map<String, StorageVolumeDefinition> volumes = new LinkedHashMap<>();
    /** Each volume's bytes, by name (what uploads write and downloads read). */
    final Map<String, VolumeContent> contents = new LinkedHashMap<>();

    StoragePoolObject(StoragePoolDefinition def, boolean persistent) {
        this.def = def;
        this.persistent = persistent;
    }

    UUID uuid() {
        return def.uuid();
    }

    String name() {
        return def.name();
    }

    long capacity() {
        return DEFAULT_CAPACITY;
    }

    long available() {
        return capacity() - allocation;
    }

    /** The target directory, {@code null} for network pools (rbd, gluster …), which have none. */
    String targetPath() {
        return def.target() == null ? null : def.target().path();
    }

    /** The definition with its live sizes, as pool-dumpxml prints it. */
    StoragePoolDefinition live() {
        return def.withSizes(capacity(), allocation, available());
    }

    /**
     * Where a new volume of this pool named {@code volume} goes: its path and, as libvirt's test driver, its
     * key. libvirt formats a network pool's missing target as {@code (null)}, which its test driver keeps.
     */
    String volumePath(String volume) {
        String target = targetPath();
        return (target == null ? "(null)" : target) + "/" + volume;
    }
}
