package io.virtkit.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.virtkit.api.DomainEvent;
import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.NetworkEvent;
import io.virtkit.api.NetworkEventType;
import io.virtkit.api.StoragePoolEvent;
import io.virtkit.api.StoragePoolEventType;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.driver.NetworkRef;
import io.virtkit.api.driver.StoragePoolRef;
import io.virtkit.support.EventDispatcher;

/**
 * The {@link ConnectionEvents} a connection's sub-drivers are opened with: made before the connection exists (the
 * sub-drivers report into it while opening), {@link #attach} then gives it its {@link CoreConnection}, and from
 * there on each report becomes an event with handles on that connection, for as long as it is open and has
 * listeners.
 */
final class CoreConnectionEvents implements ConnectionEvents {
    private volatile CoreConnection connection;
    private final String uri;
    private final EventDispatcher<DomainEvent> domainEvents;
    private final EventDispatcher<NetworkEvent> networkEvents;
    private final EventDispatcher<StoragePoolEvent> storageEvents;
    private final List<Runnable> whenDomainEventsWanted = new ArrayList<>(); // guarded by this
    private boolean domainListenedOnce; // guarded by this

    CoreConnectionEvents(String uri) {
        this.uri = uri;
        this.domainEvents = new EventDispatcher<>("virtkit-events " + uri);
        this.networkEvents = new EventDispatcher<>("virtkit-network-events " + uri);
        this.storageEvents = new EventDispatcher<>("virtkit-storage-events " + uri);
    }

    CoreConnection attach(HypervisorConnection hypervisor, boolean readOnly, Consumer<CoreConnection> onClose) {
        connection = new CoreConnection(hypervisor, readOnly, domainEvents, networkEvents, storageEvents, onClose,
                this::domainListenerAdded);
        return connection;
    }

    /** Nothing was opened: stop what was prepared. */
    void abandon() {
        domainEvents.close();
        networkEvents.close();
        storageEvents.close();
    }

    /** The connection, if it is open and {@code dispatcher} has listeners; else {@code null}. */
    private CoreConnection listenedTo(EventDispatcher<?> dispatcher) {
        CoreConnection c = connection;
        return c != null && c.isAlive() && dispatcher.hasListeners() ? c : null;
    }

    @Override
    public boolean domainEventsWanted() {
        return listenedTo(domainEvents) != null;
    }

    @Override
    public boolean whenDomainEventsWanted(Runnable firstWanted) {
        synchronized (this) {
            if (!domainListenedOnce) {
                whenDomainEventsWanted.add(firstWanted);
                return true;
            }
        }
        firstWanted.run();
        return true;
    }

    /** A domain event listener registered: the first one runs what the sub-drivers asked for, before it returns. */
    void domainListenerAdded() {
        List<Runnable> due;
        synchronized (this) {
            if (domainListenedOnce) {
                return;
            }
            domainListenedOnce = true;
            due = List.copyOf(whenDomainEventsWanted);
            whenDomainEventsWanted.clear();
        }
        due.forEach(Runnable::run);
    }

    @Override
    public boolean networkEventsWanted() {
        return listenedTo(networkEvents) != null;
    }

    @Override
    public boolean storagePoolEventsWanted() {
        return listenedTo(storageEvents) != null;
    }

    @Override
    public void report(DomainRef domain, DomainEventDetail detail) {
        CoreConnection c = listenedTo(domainEvents);
        if (c != null) {
            domainEvents.dispatch(new DomainEvent(new CoreDomain(c, domain), detail));
        }
    }

    @Override
    public void report(NetworkRef network, NetworkEventType type) {
        CoreConnection c = listenedTo(networkEvents);
        if (c != null) {
            networkEvents.dispatch(new NetworkEvent(new CoreNetwork(c, network), type));
        }
    }

    @Override
    public void report(StoragePoolRef pool, StoragePoolEventType type) {
        CoreConnection c = listenedTo(storageEvents);
        if (c != null) {
            storageEvents.dispatch(new StoragePoolEvent(new CoreStoragePool(c, pool), type));
        }
    }

    @Override
    public String toString() {
        return "events of " + uri;
    }
}
