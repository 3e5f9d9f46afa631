package io.virtkit.storage.internal;

import io.virtkit.api.ErrorCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether this kernel offers device-mapper, which every logical volume needs (LVM maps each one through it).
 * The volume-group commands (pvcreate, vgcreate, vgs, vgremove) work without it; lvcreate does not, so a
 * logical pool refuses its volumes clearly when it is missing, rather than leaving lvcreate's complaint.
 */
final class DeviceMapper {
    private final Path procMisc;
    private final Path moduleDir;

    DeviceMapper() {
        this(Path.of("/proc/misc"), Path.of("/sys/module/dm_mod"));
    }

    DeviceMapper(Path procMisc, Path moduleDir) {
        this.procMisc = procMisc;
        this.moduleDir = moduleDir;
    }

    /** The kernel registered device-mapper's control device (/proc/misc), or its module is loaded. */
    boolean available() {
        if (Files.isDirectory(moduleDir)) {
            return true;
        }
        try {
            return Files.readAllLines(procMisc).stream().anyMatch(l -> l.strip().endsWith(" device-mapper"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails unless device-mapper is there, naming what {@code action} needed it for. */
    void require(String action) {
        if (!available()) {
            throw StorageErrors.error(ErrorCode.OPERATION_UNSUPPORTED, "cannot " + action
                    + ": this kernel has no device-mapper (no 'device-mapper' in " + procMisc
                    + "), which logical volumes need");
        }
    }
}
