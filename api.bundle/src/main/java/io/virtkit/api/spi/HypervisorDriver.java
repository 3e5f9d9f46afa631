package io.virtkit.api.spi;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

import io.virtkit.api.Connection;

/**
 * A hypervisor driver, registered as an OSGi service by a driver bundle. The connection factory asks
 * the drivers serving a URI's scheme, in service ranking order, until one accepts it. When the driver's
 * service goes away it closes the connections it opened.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface HypervisorDriver {

    /** A short name for people ("test", "QEMU"). */
    String name();

    /** The URI schemes this driver serves, lower case, without transports ({@code "test"}). */
    Set<String> schemes();

    /**
     * Opens a connection for {@code uri}, or declines it with an empty result so that another driver may
     * take it. Fails with a {@link io.virtkit.api.VirtException} when the URI is the driver's but cannot
     * be served (a missing file, a bad path).
     */
    Optional<Connection> open(URI uri);
}
