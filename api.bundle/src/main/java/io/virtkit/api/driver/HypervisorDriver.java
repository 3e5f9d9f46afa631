package io.virtkit.api.driver;

import java.util.Optional;
import java.util.Set;

/**
 * A hypervisor sub-driver, registered as an OSGi service by a driver bundle: libvirt's
 * {@code virConnectDriver} with its {@code virHypervisorDriver} table. The connection factory asks the
 * drivers serving a URI's scheme, in service ranking order, until one accepts. When the service goes
 * away, core marks the connections opened through it dead (every later call fails with INVALID_CONN);
 * the driver itself lets go of them without destroying their AUTODESTROY domains.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface HypervisorDriver {

    /** A short name for people ("test", "QEMU"). */
    String name();

    /** The URI schemes this driver serves, lower case, without transports ({@code "test"}). */
    Set<String> schemes();

    /**
     * Opens a connection for {@code request}, or declines with an empty result so that another driver
     * may take it. Fails with a {@link io.virtkit.api.VirtException} when the URI is the driver's but
     * cannot be served (a missing file, a bad path, failed authentication).
     *
     * @param events where the connection reports its objects. events
     */
    Optional<HypervisorConnection> open(OpenRequest request, ConnectionEvents events);
}
