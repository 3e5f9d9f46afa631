package io.virtkit.cluster.internal.ha;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.cluster.internal.guests.LocalLeases;

/**
 * Stops a guest's domain at once through the public API (libvirt's virDomainDestroy: the hypervisor process is
 * killed), on one connection per URI, opened when first needed: at fencing time the ensemble is unreachable, not
 * the local hypervisor. A connection that failed is dropped and opened afresh on the next attempt.
 */
final class GuestDestroyer implements AutoCloseable {

    /** What a destroy found. */
    enum Outcome {
        DESTROYED("destroyed"), ALREADY_STOPPED("already stopped");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    private final ConnectionFactory factory;
    private final Map<String, Connection> open = new ConcurrentHashMap<>();

    GuestDestroyer(ConnectionFactory factory) {
        this.factory = factory;
    }

    /**
     * Destroys the guest's domain on its URI; a domain already gone or not running is what fencing wants too.
     *
     * @throws VirtException the hypervisor's error: the domain may still run
     */
    Outcome destroy(LocalLeases.Held guest) {
        Connection connection = open.computeIfAbsent(guest.uri(), factory::open);
        try {
            connection.lookupDomainByUuid(guest.uuid()).destroy();
            return Outcome.DESTROYED;
        } catch (VirtException e) {
            if (e.code() == ErrorCode.NO_DOMAIN || e.code() == ErrorCode.OPERATION_INVALID) {
                return Outcome.ALREADY_STOPPED; // gone, or libvirt's "domain is not running"
            }
            forget(guest.uri(), connection);
            throw e;
        } catch (RuntimeException e) {
            forget(guest.uri(), connection);
            throw e;
        }
    }

    private void forget(String uri, Connection connection) {
        if (open.remove(uri, connection)) {
            closeQuietly(connection);
        }
    }

    @Override
    public void close() {
        open.values().forEach(GuestDestroyer::closeQuietly);
        open.clear();
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (RuntimeException e) {
            // a broken connection closes as well as it can
        }
    }
}
