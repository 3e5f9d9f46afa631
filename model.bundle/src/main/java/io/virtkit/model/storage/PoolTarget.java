package io.virtkit.model.storage;

import java.util.Objects;

/** A pool's {@code <target>}: where its volumes appear on the host, and that directory's permissions. */
public record PoolTarget(String path, StoragePermissions permissions) {
    public PoolTarget {
        Objects.requireNonNull(permissions, "permissions");
    }
}
