package io.virtkit.api.driver;

import java.util.Objects;
import java.util.UUID;

/**
 * A driver's answer naming one domain, what libvirt's {@code virDomainPtr} carries: name, UUID and the id
 * it had when found (-1 when inactive). Core wraps it in a {@link io.virtkit.api.Domain} handle and hands
 * it back on every call; the driver finds the domain again by UUID and fails with NO_DOMAIN once it has
 * gone.
 */
public record DomainRef(String name, UUID uuid, int id) {
    public DomainRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
    }
}
