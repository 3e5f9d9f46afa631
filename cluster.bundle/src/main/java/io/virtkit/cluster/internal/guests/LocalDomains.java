package io.virtkit.cluster.internal.guests;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;

import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainEvent;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.Registration;
import io.virtkit.api.VirtException;

/**
 * This host's connections for cluster guests, one per URI, opened on first use through the {@link ConnectionFactory}
 * (and again when one died), each followed with a domain event listener.
 */
final class LocalDomains implements AutoCloseable {

    private record Open(Connection connection, Registration events) {
    }

    private final ConnectionFactory factory;
    private final BiConsumer<String, DomainEvent> events;
    private final Map<String, Open> open = new HashMap<>(); // guarded by this

    LocalDomains(ConnectionFactory factory, BiConsumer<String, DomainEvent> events) {
        this.factory = factory;
        this.events = events;
    }

    synchronized Connection connection(String uri) {
        Open o = open.get(uri);
        if (o != null && o.connection().isAlive()) {
            return o.connection();
        }
        Connection c = factory.open(uri);
        Registration r = c.addDomainEventListener(e -> events.accept(uri, e));
        open.put(uri, new Open(c, r));
        return c;
    }

    /** The domain of that UUID on {@code uri} here, if it exists (running, or defined). */
    Optional<Domain> find(String uri, UUID uuid) {
        try {
            return Optional.of(connection(uri).lookupDomainByUuid(uuid));
        } catch (VirtException e) {
            if (e.code() == ErrorCode.NO_DOMAIN) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Whether the domain of that UUID runs on {@code uri} here. */
    boolean active(String uri, UUID uuid) {
        try {
            return find(uri, uuid).map(Domain::isActive).orElse(false);
        } catch (VirtException e) {
            return e.code() != ErrorCode.NO_DOMAIN;
        }
    }

    @Override
    public synchronized void close() {
        for (Open o : open.values()) {
            try {
                o.events().close();
                o.connection().close();
            } catch (RuntimeException e) {
                // closing anyway
            }
        }
        open.clear();
    }
}
