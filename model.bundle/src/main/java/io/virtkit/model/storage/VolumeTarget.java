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

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a target part by part; what is not set is absent. */
    public static final class Builder {
        private String path;
        private String format;
        private StoragePermissions permissions = StoragePermissions.NONE;
        private VolumeTimestamps timestamps;
        private VolumeEncryption encryption;
        private String compat;
        private boolean nocow;
        private Long clusterSize;
        private VolumeFeatures features;

        private Builder() {
        }

        public Builder path(String value) {
            this.path = value;
            return this;
        }

        public Builder format(String value) {
            this.format = value;
            return this;
        }

        public Builder permissions(StoragePermissions value) {
            this.permissions = value;
            return this;
        }

        public Builder timestamps(VolumeTimestamps value) {
            this.timestamps = value;
            return this;
        }

        public Builder encryption(VolumeEncryption value) {
            this.encryption = value;
            return this;
        }

        public Builder compat(String value) {
            this.compat = value;
            return this;
        }

        public Builder nocow(boolean value) {
            this.nocow = value;
            return this;
        }

        /** The qcow2 cluster size in bytes. */
        public Builder clusterSize(Long value) {
            this.clusterSize = value;
            return this;
        }

        public Builder features(VolumeFeatures value) {
            this.features = value;
            return this;
        }

        public VolumeTarget build() {
            return new VolumeTarget(path, format, permissions, timestamps, encryption, compat, nocow, clusterSize,
                    features);
        }
    }
}
