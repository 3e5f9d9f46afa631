package io.virtkit.api.spi;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

import io.virtkit.api.Connection;

/**
 * A virtual network driver, registered as an OSGi service: libvirt's network sub-driver, shared by the
 * hypervisor drivers of the schemes it serves (one host's networks serve QEMU guests and containers
 * alike). The connection factory attaches it to every connection it opens for one of those schemes, so
 * the network methods of {@link Connection} reach it; a hypervisor driver that manages networks itself
 * (the test driver) simply has no network driver for its scheme.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface NetworkDriver {

    String name();

    /** The URI schemes whose connections get this driver's networks ({@code "qemu"}, {@code "lxc"}). */
    Set<String> schemes();

    /**
     * The networks as seen through {@code connection} (for the handles' {@link io.virtkit.api.Network#connection()}),
     * or empty to decline this URI. Only the network methods of the returned object are called; it is
     * closed with the connection.
     */
    Optional<NetworkAccess> open(URI uri, Connection connection);
}
