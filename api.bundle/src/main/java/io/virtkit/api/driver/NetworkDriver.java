package io.virtkit.api.driver;

import java.util.Optional;
import java.util.Set;

/**
 * A network sub-driver, registered as an OSGi service: libvirt's {@code virNetworkDriver}, shared by the
 * hypervisor drivers of the schemes it serves (one host's networks serve QEMU guests and containers
 * alike). Core opens it beside every hypervisor connection of those schemes whose driver does not manage
 * networks itself ({@link HypervisorConnection#networks()}).
 */
@org.osgi.annotation.versioning.ConsumerType
public interface NetworkDriver {

    String name();

    /** The URI schemes whose connections get this driver's networks ({@code "qemu"}, {@code "lxc"}). */
    Set<String> schemes();

    /** The networks for {@code request}'s connection, or empty to decline the URI. */
    Optional<NetworkConnection> open(OpenRequest request, ConnectionEvents events);
}
