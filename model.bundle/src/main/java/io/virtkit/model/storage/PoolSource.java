package io.virtkit.model.storage;

import java.util.List;

/**
 * A pool's {@code <source>}: which of its parts a type uses is up to the type (see {@link StoragePoolType}).
 * {@code format} is the source format's XML name ({@code nfs}, {@code gpt} …), {@code null} for types without.
 */
public record PoolSource(List<PoolHost> hosts, List<PoolDevice> devices, String dir, SourceAdapter adapter,
        String name, String initiatorIqn, String format, SourceAuth auth, String protocolVersion, String vendor,
        String product) {
    public static final PoolSource EMPTY = new PoolSource(List.of(), List.of(), null, null, null, null, null, null,
            null, null, null);

    public PoolSource {
        hosts = List.copyOf(hosts);
        devices = List.copyOf(devices);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a source part by part; what is not set is absent (the codec writes a type's default format). */
    public static final class Builder {
        private List<PoolHost> hosts = List.of();
        private List<PoolDevice> devices = List.of();
        private String dir;
        private SourceAdapter adapter;
        private String name;
        private String initiatorIqn;
        private String format;
        private SourceAuth auth;
        private String protocolVersion;
        private String vendor;
        private String product;

        private Builder() {
        }

        public Builder hosts(List<PoolHost> value) {
            this.hosts = value;
            return this;
        }

        public Builder devices(List<PoolDevice> value) {
            this.devices = value;
            return this;
        }

        public Builder dir(String value) {
            this.dir = value;
            return this;
        }

        public Builder adapter(SourceAdapter value) {
            this.adapter = value;
            return this;
        }

        public Builder name(String value) {
            this.name = value;
            return this;
        }

        public Builder initiatorIqn(String value) {
            this.initiatorIqn = value;
            return this;
        }

        public Builder format(String value) {
            this.format = value;
            return this;
        }

        public Builder auth(SourceAuth value) {
            this.auth = value;
            return this;
        }

        public Builder protocolVersion(String value) {
            this.protocolVersion = value;
            return this;
        }

        public Builder vendor(String value) {
            this.vendor = value;
            return this;
        }

        public Builder product(String value) {
            this.product = value;
            return this;
        }

        public PoolSource build() {
            return new PoolSource(hosts, devices, dir, adapter, name, initiatorIqn, format, auth, protocolVersion,
                    vendor, product);
        }
    }
}
