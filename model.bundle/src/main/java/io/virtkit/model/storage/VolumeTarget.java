package io.virtkit.model.storage;

import java.util.Objects;

/**
 * A volume's {@code <target>}: path, format (XML name: raw, qcow2, ext4, linux-lvm …; {@code null}: unset),
 * permissions, timestamps ({@code null}: none), encryption, qcow2 compat level, nocow, cluster size in bytes
 * ({@code null}: unset) and qcow2 features ({@code null}: no {@code <features>}).
 */
public record VolumeTarget(String path, String format, StoragePermissions permissions, VolumeTimestamps timestamps,
        VolumeEncryption encryption, String compat, boolean nocow, Long clusterSize, VolumeFeatures features) {
    public static final VolumeTarget EMPTY = new VolumeTarget(null, null, StoragePermissions.NONE, null, null, null,
            false, null, null);

    public VolumeTarget {
        Objects.requireNonNull(permissions, "permissions");
    }
}
