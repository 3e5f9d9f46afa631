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
}
