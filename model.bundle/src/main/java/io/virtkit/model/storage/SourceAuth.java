package io.virtkit.model.storage;

import java.util.Objects;

/** A pool source's {@code <auth type username><secret uuid|usage/></auth>}; type is chap or ceph. */
public record SourceAuth(String type, String username, String secretUuid, String secretUsage) {
    public SourceAuth {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(username, "username");
        if ((secretUuid == null) == (secretUsage == null)) {
            throw new IllegalArgumentException("exactly one of secret uuid and usage");
        }
    }
}
