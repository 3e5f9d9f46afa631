package io.virtkit.storage.internal;

import io.virtkit.api.ErrorCode;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a device already holds, as {@code blkid -p} (low-level probing, no cache) finds it: a file system's
 * type (ext4, xfs, …) or a label such as LVM2_member. A build with NO_OVERWRITE uses this as libvirt does.
 */
final class DeviceProbe {
    private DeviceProbe() {
    }

    /** The type blkid finds on {@code device}, or empty when it finds nothing there. */
    static Optional<String> contentType(Path device) {
        HostCommand.Result r = HostCommand.run(List.of("blkid", "-p", "-o", "value", "-s", "TYPE", device.toString()));
        if (r.status() == 2) {
            return Optional.empty(); // blkid: nothing found
        }
        if (!r.ok()) {
            throw r.failure();
        }
        String type = r.stdout().strip();
        return type.isEmpty() ? Optional.empty() : Optional.of(type);
    }

    /**
     * libvirt's no-overwrite check: a device holding the expected format is already built; holding another
     * one needs an explicit overwrite.
     */
    static void requireEmpty(Path device, String expected) {
        requireEmpty(device, expected, expected);
    }

    /** As above, where blkid names the expected content {@code blkidType} and the pool calls it {@code expected}. */
    static void requireEmpty(Path device, String blkidType, String expected) {
        Optional<String> found = contentType(device);
        if (found.isEmpty()) {
            return;
        }
        if (found.get().equals(blkidType)) {
            throw StorageErrors.error(ErrorCode.STORAGE_POOL_BUILT,
                    "Device '" + device + "' already formatted using '" + expected + "'");
        }
        throw StorageErrors.error(ErrorCode.STORAGE_POOL_BUILT, "Format of device '" + device
                + "' does not match the expected format '" + expected + "', forced overwrite is necessary");
    }

    /**
     * libvirt's check before mounting an fs pool's device: it must hold the pool's format; nothing there
     * asks for a build, another format is refused.
     */
    static void requireFormat(Path device, String expected) {
        Optional<String> found = contentType(device);
        if (found.isEmpty()) {
            throw StorageErrors.error(ErrorCode.STORAGE_PROBE_FAILED,
                    "Device '" + device + "' is unrecognized, requires build");
        }
        if (!found.get().equals(expected)) {
            throw StorageErrors.error(ErrorCode.OPERATION_INVALID,
                    "Format of device '" + device + "' does not match the expected format '" + expected + "'");
        }
    }
}
