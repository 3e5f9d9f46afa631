package io.virtkit.support.lock;

import java.util.List;

import io.virtkit.api.driver.DomainLeases;

/**
 * Leases held as open descriptors with an OFD write lock each ({@link OfdLockManager}). Closing drops this
 * process's copies only: a duplicate passed to QEMU keeps its lease.
 */
final class FileLeases implements DomainLeases {

    private final List<String> resources;
    private final List<Integer> fds;
    private boolean closed; // guarded by this

    FileLeases(List<String> resources, List<Integer> fds) {
        this.resources = List.copyOf(resources);
        this.fds = List.copyOf(fds);
    }

    @Override
    public List<Integer> fileDescriptors() {
        return fds;
    }

    @Override
    public List<String> resources() {
        return resources;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            fds.forEach(OfdLocks::closeQuietly);
        }
    }

    @Override
    public String toString() {
        return "FileLeases" + resources;
    }
}
