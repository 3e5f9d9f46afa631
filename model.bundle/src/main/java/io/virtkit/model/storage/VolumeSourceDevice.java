package io.virtkit.model.storage;

import java.util.List;
import java.util.Objects;

/** A volume's {@code <source><device path>}: which extents of a device hold it (a logical volume's). */
public record VolumeSourceDevice(String path, List<StorageExtent> extents) {
    public VolumeSourceDevice {
        Objects.requireNonNull(path, "path");
        extents = List.copyOf(extents);
    }
}
