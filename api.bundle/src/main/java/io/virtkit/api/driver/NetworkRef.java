package io.virtkit.api.driver;

import java.util.Objects;
import java.util.UUID;

/** A network driver's answer naming one network, what libvirt's {@code virNetworkPtr} carries. */
public record NetworkRef(String name, UUID uuid) {
    public NetworkRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
    }
}
