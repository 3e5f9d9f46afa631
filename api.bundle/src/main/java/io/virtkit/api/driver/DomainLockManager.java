package io.virtkit.api.driver;

import java.util.List;
import java.util.UUID;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * libvirt's lock manager plugin (virtlockd's role): disk leases that make sure a disk is written by one running
 * domain at a time, also across hosts sharing the storage. A driver that finds such a service (the cluster bundle
 * registers one) asks it for a domain's leases before the domain's process may use its disks and hands the
 * returned descriptors to that process, so the leases live exactly as long as the process holds them, whatever
 * happens to the daemon (libvirt's virtlockd holds them for the process in the same way).
 */
@ConsumerType
public interface DomainLockManager {

    /**
     * Takes the leases of the given disks for a domain about to run (or resume) on this host. Read-only and
     * shareable disks are not passed: libvirt leaves them unlocked.
     *
     * @param domainName the domain's name (for messages)
     * @param uuid       the domain's UUID
     * @param diskPaths  the absolute paths of the domain's writable, unshared disks (files or block devices)
     * @return the leases, held until {@link DomainLeases#close()} and, after their descriptors went to the
     *         domain's process, until that process closes or exits
     * @throws io.virtkit.api.VirtException RESOURCE_BUSY "resource busy: Lockspace resource '/path' is locked"
     *         when another process (on any host) holds one; nothing is held then
     */
    DomainLeases acquire(String domainName, UUID uuid, List<String> diskPaths);
}
