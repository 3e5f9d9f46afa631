package io.virtkit.model.domain;

import java.util.Objects;

/**
 * A {@code <filesystem type='mount'>}: a host directory mounted into the guest (mostly containers).
 *
 * @param sourceDir the host directory
 * @param targetDir where the guest sees it
 * @param readonly  whether the guest may only read
 * @param info      alias and address ({@link DeviceInfo#NONE} when unassigned; {@code null} reads as that)
 */
public record FilesystemDevice(String sourceDir, String targetDir, boolean readonly, DeviceInfo info) {

    public FilesystemDevice {
        Objects.requireNonNull(sourceDir, "sourceDir");
        Objects.requireNonNull(targetDir, "targetDir");
        info = DeviceInfo.orNone(info);
    }

    /** A filesystem without alias and address (the form before device identity existed). */
    public FilesystemDevice(String sourceDir, String targetDir, boolean readonly) {
        this(sourceDir, targetDir, readonly, DeviceInfo.NONE);
    }

    /** The alias, or {@code null}. */
    public String alias() {
        return info.alias();
    }

    /** The address, or {@code null}. */
    public DeviceAddress address() {
        return info.address();
    }

    /** A copy with another alias and address. */
    public FilesystemDevice withInfo(DeviceInfo newInfo) {
        return new FilesystemDevice(sourceDir, targetDir, readonly, newInfo);
    }
}
