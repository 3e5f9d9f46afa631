package io.virtkit.api.driver;

import java.util.Objects;

/**
 * A driver's answer naming one snapshot, what libvirt's {@code virDomainSnapshotPtr} carries: its domain and its
 * name. Core wraps it in a {@link io.virtkit.api.DomainSnapshot} handle and hands it back on every call; the driver
 * finds the snapshot again by name and fails with NO_DOMAIN_SNAPSHOT once it has gone.
 *
 * @since 1.5
 */
public record DomainSnapshotRef(DomainRef domain, String name) {
    public DomainSnapshotRef {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(name, "name");
    }
}
