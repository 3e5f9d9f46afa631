package io.virtkit.storage.internal;

import java.nio.file.Path;
import java.util.List;

import io.virtkit.api.ErrorCode;
import io.virtkit.model.storage.PoolDevice;
import io.virtkit.model.storage.StoragePoolDefinition;

/**
 * What the driver asks of a pool type's host side (libvirt's {@code virStorageBackend} table): dir and fs pools,
 * whose volumes are the files of their target directory. Other types are refused at define time, as libvirt
 * refuses a type it has no backend for.
 */
interface PoolBackend {

    Path target();

    /** Whether the pool runs on the host now (the check libvirt makes of a pool at daemon start). */
    boolean isActive();

    void build(FilePermissions permissions, PoolBuildMode mode);

    void start();

    void stop();

    void delete();

    List<HostVolume> refresh();

    PoolSpace space();

    /** The backend of {@code def}'s type; its target must be an absolute path. */
    static PoolBackend of(StoragePoolDefinition def, QemuImg qemuImg) {
        if (def.target() == null || def.target().path() == null) {
            throw StorageErrors.error(ErrorCode.XML_ERROR, "missing storage pool target path");
        }
        Path target = Path.of(def.target().path()).normalize();
        if (!target.isAbsolute()) {
            throw StorageErrors.error(ErrorCode.XML_ERROR, "storage pool target path '" + target + "' is not absolute");
        }
        return switch (def.type()) {
            case DIR -> new Dir(new DirPool(target, qemuImg));
            case FS -> {
                List<PoolDevice> devices = def.source().devices();
                if (devices.size() != 1) {
                    throw StorageErrors.error(ErrorCode.XML_ERROR,
                            "Expected exactly 1 device for the storage pool");
                }
                yield new FsPool(Path.of(devices.get(0).path()), target, def.source().format(), qemuImg);
            }
            default -> throw StorageErrors.error(ErrorCode.INTERNAL_ERROR,
                    "missing backend for pool type " + def.type().ordinal() + " (" + def.type().xmlName() + ")");
        };
    }

    /** A directory: started when it can be listed, nothing to stop. */
    record Dir(DirPool pool) implements PoolBackend {
        public Path target() {
            return pool.target();
        }

        public boolean isActive() {
            return pool.isActive();
        }

        public void build(FilePermissions permissions, PoolBuildMode mode) {
            pool.build(permissions);
        }

        public void start() {
            pool.verifyTarget();
        }

        public void stop() {
        }

        public void delete() {
            pool.delete();
        }

        public List<HostVolume> refresh() {
            return pool.refresh();
        }

        public PoolSpace space() {
            return pool.space();
        }
    }
}
