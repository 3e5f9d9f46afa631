package io.virtkit.test.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One storage pool of a {@link TestState}, libvirt's {@code virStoragePoolObj}: its definition, flags, sizes
 * and volumes by name. The test driver touches no host storage: a pool is only its facts. Mutable, and only
 * touched while holding the lock of {@link TestStorage}.
 */
final class StoragePoolObject {

    /** libvirt's test driver gives every pool 100 GiB, of which its volumes' allocations are taken. */
    static final long DEFAULT_CAPACITY = 100L << 30;

    TestStorageXml.Pool def;
    boolean persistent;
    boolean autostart;
    boolean active;
    long allocation;
    final Map<String, TestStorageXml.Volume> volumes = new LinkedHashMap<>();
    /** Each volume's bytes, by name (what uploads write and downloads read). */
    final Map<String, VolumeContent> contents = new LinkedHashMap<>();

    StoragePoolObject(TestStorageXml.Pool def, boolean persistent) {
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

    /** Where a volume of this pool named {@code volume} is: its path and, as libvirt's test driver, its key. */
    String volumePath(String volume) {
        return def.targetPath() + "/" + volume;
    }
}
