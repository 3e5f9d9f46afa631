package io.virtkit.model.domain;

import java.util.Objects;

/**
 * A {@code <filesystem type='mount'>}: a host directory mounted into the guest (mostly containers).
 *
 * @param sourceDir the host directory
 * @param targetDir where the guest sees it
 * @param readonly  whether the guest may only read
 */
public record FilesystemDevice(String sourceDir, String targetDir, boolean readonly) {

    public FilesystemDevice {
        Objects.requireNonNull(sourceDir, "sourceDir");
        Objects.requireNonNull(targetDir, "targetDir");
    }
}
