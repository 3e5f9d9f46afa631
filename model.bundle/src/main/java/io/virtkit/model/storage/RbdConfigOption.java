package io.virtkit.model.storage;

import java.util.Objects;

/** An rbd pool's {@code <rbd:config_opts><rbd:option name value/>}: a Ceph client setting. */
public record RbdConfigOption(String name, String value) {
    public RbdConfigOption {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
