package io.virtkit.model.storage;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A storage volume as libvirt's volume XML describes it. Sizes are bytes; {@code physical} is live only
 * ({@code null}: unknown), as are the source extents and key a pool's refresh fills in.
 */
public record StorageVolumeDefinition(Type type, String name, String key, List<VolumeSourceDevice> source,
        long capacity, long allocation, Long physical, VolumeTarget target, VolumeBackingStore backingStore) {

    /** libvirt's volume types. */
    public enum Type {
        FILE, BLOCK, DIR, NETWORK, NETDIR;

        public String xmlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public StorageVolumeDefinition {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(target, "target");
        source = List.copyOf(source);
    }

    public static Builder builder(String name, long capacity) {
        return new Builder(name, capacity);
    }

    /** Builds a definition: a file volume, allocation = capacity unless set, as libvirt defaults it. */
    public static final class Builder {
        private final String name;
        private final long capacity;
        private Type type = Type.FILE;
        private String key;
        private List<VolumeSourceDevice> source = List.of();
        private Long allocation;
        private Long physical;
        private VolumeTarget target = VolumeTarget.EMPTY;
        private VolumeBackingStore backingStore;

        private Builder(String name, long capacity) {
            this.name = name;
            this.capacity = capacity;
        }

        public Builder type(Type value) {
            this.type = value;
            return this;
        }

        public Builder key(String value) {
            this.key = value;
            return this;
        }

        public Builder source(List<VolumeSourceDevice> value) {
            this.source = value;
            return this;
        }

        public Builder allocation(long value) {
            this.allocation = value;
            return this;
        }

        public Builder physical(Long value) {
            this.physical = value;
            return this;
        }

        public Builder target(VolumeTarget value) {
            this.target = value;
            return this;
        }

        /** A target of just a path and a format. */
        public Builder target(String path, String format) {
            this.target = VolumeTarget.builder().path(path).format(format).build();
            return this;
        }

        public Builder backingStore(VolumeBackingStore value) {
            this.backingStore = value;
            return this;
        }

        public StorageVolumeDefinition build() {
            return new StorageVolumeDefinition(type, name, key, source, capacity,
                    allocation == null ? capacity : allocation, physical, target, backingStore);
        }
    }
}
