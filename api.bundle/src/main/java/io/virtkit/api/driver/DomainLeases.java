package io.virtkit.api.driver;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The leases {@link DomainLockManager#acquire} took: open file descriptors holding an open-file-description lock
 * each (Linux OFD locks), so a process the descriptors are passed to (QEMU: {@code getfd} over its monitor) holds
 * them for as long as it keeps them, independently of the daemon.
 */
@ProviderType
public interface DomainLeases extends AutoCloseable {

    /** The descriptors, one per locked resource, in the order of {@link #resources()}; closed after {@link #close()}. */
    List<Integer> fileDescriptors();

    /** The locked resources (disk paths), in the order of {@link #fileDescriptors()}. */
    List<String> resources();

    /** Closes this daemon's copies; the leases stay held by any process the descriptors were passed to. */
    @Override
    void close();
}
