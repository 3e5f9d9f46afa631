package io.virtkit.model.storage;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A storage pool as libvirt's pool XML describes it. Sizes are bytes and live (what a refresh found); the
 * config form has them 0. {@code cow} is the {@code <features><cow state/>} setting ({@code null}: unset),
 * {@code target} is {@code null} for network pools (which have none), {@code refreshAllocation} the
 * {@code <refresh><volume allocation/>} policy ({@code default} or {@code capacity}, {@code null}: unset).
 * {@code mountOptions} are fs/netfs {@code <fs:mount_opts>}, {@code rbdConfig} rbd {@code <rbd:config_opts>}.
 */
public record StoragePoolDefinition(StoragePoolType type, String name, UUID uuid, long capacity, long allocation,
        long available, Boolean cow, PoolSource source, PoolTarget target, String refreshAllocation,
        List<String> mountOptions, List<RbdConfigOption> rbdConfig) {

    public StoragePoolDefinition {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(source, "source");
        mountOptions = List.copyOf(mountOptions);
        rbdConfig = List.copyOf(rbdConfig);
    }

    /** The same pool with its live sizes. */
    public StoragePoolDefinition withSizes(long newCapacity, long newAllocation, long newAvailable) {
        return new StoragePoolDefinition(type, name, uuid, newCapacity, newAllocation, newAvailable, cow, source,
                target, refreshAllocation, mountOptions, rbdConfig);
    }

    public static Builder builder(StoragePoolType type, String name) {
        return new Builder(type, name);
    }

    /** Builds a definition; the source is empty and the uuid random unless set. */
    public static final class Builder {
        private final StoragePoolType type;
        private final String name;
        private UUID uuid = UUID.randomUUID();
        private long capacity;
        private long allocation;
        private long available;
        private Boolean cow;
        private PoolSource source = PoolSource.EMPTY;
        private PoolTarget target;
        private String refreshAllocation;
        private List<String> mountOptions = List.of();
        private List<RbdConfigOption> rbdConfig = List.of();

        private Builder(StoragePoolType type, String name) {
            this.type = type;
            this.name = name;
        }

        public Builder uuid(UUID value) {
            this.uuid = value;
            return this;
        }

        public Builder sizes(long newCapacity, long newAllocation, long newAvailable) {
            this.capacity = newCapacity;
            this.allocation = newAllocation;
            this.available = newAvailable;
            return this;
        }

        public Builder cow(Boolean value) {
            this.cow = value;
            return this;
        }

        public Builder source(PoolSource value) {
            this.source = value;
            return this;
        }

        public Builder target(PoolTarget value) {
            this.target = value;
            return this;
        }

        /** A target path without permissions. */
        public Builder targetPath(String path) {
            this.target = new PoolTarget(path, StoragePermissions.NONE);
            return this;
        }

        public Builder refreshAllocation(String value) {
            this.refreshAllocation = value;
            return this;
        }

        public Builder mountOptions(List<String> value) {
            this.mountOptions = value;
            return this;
        }

        public Builder rbdConfig(List<RbdConfigOption> value) {
            this.rbdConfig = value;
            return this;
        }

        public StoragePoolDefinition build() {
            return new StoragePoolDefinition(type, name, uuid, capacity, allocation, available, cow, source, target,
                    refreshAllocation, mountOptions, rbdConfig);
        }
    }
}
