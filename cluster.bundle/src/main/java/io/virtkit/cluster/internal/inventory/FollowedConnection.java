package io.virtkit.cluster.internal.inventory;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.Domain;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.Registration;
import io.virtkit.api.VirtException;

/**
 * One inventoried connection: opened through the connection factory (again and again while its driver is missing
 * or failing, with a growing pause), followed by its domain events, and the domains it last showed. Events only
 * note which domain to read again ({@link #refreshChanged()}), so the inventory always holds what the driver says
 * now, never a replay of events. Everything but the event listener runs on the publisher's one thread.
 * <p>
 * While the connection is down its last known domains stay in the inventory: a driver restarting does not stop
 * its guests, and a guest wrongly shown running is safer for HA than a running guest wrongly missing.
 */
final class FollowedConnection {
    private static final System.Logger LOG = System.getLogger(FollowedConnection.class.getName());
    private static final long FIRST_PAUSE_MS = 1000;
    private static final long LONGEST_PAUSE_MS = 30_000;

    private final String uri;
    private final ConnectionFactory factory;
    private final Runnable changed;
    private final Map<UUID, SeenDomain> domains = new LinkedHashMap<>();
    private final Set<UUID> changedDomains = ConcurrentHashMap.newKeySet();
    private Connection connection;
    private Registration events;
    private long pauseMs = FIRST_PAUSE_MS;
    private long nextAttemptNanos;
    private String lastFailure;

    /** What the inventory keeps of one domain. */
    record SeenDomain(String name, UUID uuid, int state, boolean persistent) {
    }

    FollowedConnection(String uri, ConnectionFactory factory, Runnable changed) {
        this.uri = uri;
        this.factory = factory;
        this.changed = changed;
    }

    String uri() {
        return uri;
    }

    Collection<SeenDomain> domains() {
        return Collections.unmodifiableCollection(domains.values());
    }

    /**
     * Opens the connection if it is not open (or has died) and the pause after the last failure is over.
     *
     * @return true when it was (re)opened now: the caller lists it in full
     */
    boolean reopenIfNeeded(long nowNanos) {
        if (connection != null && connection.isAlive()) {
            return false;
        }
        if (connection != null) {
            LOG.log(System.Logger.Level.WARNING, "inventory: the connection to " + uri + " was lost; reopening it");
            dropConnection();
        }
        if (nowNanos - nextAttemptNanos < 0) {
            return false;
        }
        try {
            Connection c = factory.open(uri);
            events = c.addDomainEventListener(event -> {
                changedDomains.add(event.domain().uuid());
                changed.run();
            });
            connection = c;
            pauseMs = FIRST_PAUSE_MS;
            if (lastFailure != null) {
                LOG.log(System.Logger.Level.INFO, "inventory: " + uri + " is open again");
            }
            lastFailure = null;
            return true;
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            // the first failure and every new reason are worth a warning; the same one again is not
            LOG.log(why.equals(lastFailure) ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
                    "inventory: cannot open " + uri + " (retrying in " + pauseMs + " ms): " + why);
            lastFailure = why;
            nextAttemptNanos = nowNanos + pauseMs * 1_000_000;
            pauseMs = Math.min(pauseMs * 2, LONGEST_PAUSE_MS);
            return false;
        }
    }

    boolean isOpen() {
        return connection != null;
    }

    /** Lists every domain again; false when the connection failed (its last known domains are kept). */
    boolean relist() {
        if (connection == null) {
            return false;
        }
        changedDomains.clear();
        Map<UUID, SeenDomain> now = new LinkedHashMap<>();
        try {
            for (Domain d : connection.listAllDomains()) {
                SeenDomain read = read(d);
                if (read != null) {
                    now.put(read.uuid(), read);
                }
            }
        } catch (VirtException e) {
            return failed(e);
        }
        domains.clear();
        domains.putAll(now);
        return true;
    }

    /** Reads again the domains events named since the last call. */
    void refreshChanged() {
        if (connection == null || changedDomains.isEmpty()) {
            return;
        }
        List<UUID> todo = List.copyOf(changedDomains);
        changedDomains.removeAll(todo);
        for (UUID uuid : todo) {
            try {
                SeenDomain read = read(connection.lookupDomainByUuid(uuid));
                if (read == null) {
                    domains.remove(uuid);
                } else {
                    domains.put(uuid, read);
                }
            } catch (VirtException e) {
                if (e.code() == ErrorCode.NO_DOMAIN) {
                    domains.remove(uuid);
                } else {
                    changedDomains.add(uuid); // read it again once the connection is back
                    failed(e);
                    return;
                }
            }
        }
    }

    void close() {
        dropConnection();
    }

    /** One domain as the driver shows it now; null when it vanished meanwhile. */
    private static SeenDomain read(Domain d) {
        try {
            return new SeenDomain(d.name(), d.uuid(), d.state().state().number(), d.isPersistent());
        } catch (VirtException e) {
            if (e.code() == ErrorCode.NO_DOMAIN) {
                return null;
            }
            throw e;
        }
    }

    private boolean failed(VirtException e) {
        LOG.log(System.Logger.Level.WARNING, "inventory: reading the domains of " + uri + " failed: " + e.getMessage());
        if (!connection.isAlive()) {
            dropConnection();
        }
        return false;
    }

    private void dropConnection() {
        if (events != null) {
            try {
                events.close();
            } catch (RuntimeException e) {
                // the connection is gone anyway
            }
        }
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException e) {
                // already closed by its driver going away
            }
        }
        events = null;
        connection = null;
    }
}
