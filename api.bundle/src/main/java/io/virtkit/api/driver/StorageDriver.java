package io.virtkit.api.driver;

import java.util.Optional;
import java.util.Set;

/**
 * A storage sub-driver, registered as an OSGi service: libvirt's {@code virStorageDriver}, shared by the
 * hypervisor drivers of the schemes it serves (one host's pools serve QEMU guests and containers alike).
 * Core opens it beside every hypervisor connection of those schemes whose driver does not manage storage
 * itself ({@link HypervisorConnection#storage()}).
 *
 * @since 1.3
 */
@org.osgi.annotation.versioning.ConsumerType
public interface StorageDriver {

    String name();

    /** The URI schemes whose connections get this driver's pools ({@code "qemu"}, {@code "lxc"}). */
    Set<String> schemes();

    /** The pools for {@code request}'s connection, or empty to decline the URI. */
    Optional<StorageConnection> open(OpenRequest request, ConnectionEvents events);
}
