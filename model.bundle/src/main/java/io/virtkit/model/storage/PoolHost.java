package io.virtkit.model.storage;

import java.util.Objects;

/** A pool source's {@code <host name port>}; port {@code null} when not given. */
public record PoolHost(String name, Integer port) {
    public PoolHost {
        Objects.requireNonNull(name, "name");
    }
}
