package io.virtkit.api.spi;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainEvent;
import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainEventListener;
import io.virtkit.api.DomainListFlag;
import io.virtkit.api.Registration;
import io.virtkit.api.StartFlag;

/**
 * What every driver's {@link Connection} does the same way, libvirt's {@code virConnect} bookkeeping:
 * the URI, the closed flag (every call on a closed connection fails with INVALID_CONN naming the libvirt
 * function), the domain event dispatcher, and the domain lookups, definitions and creations that only
 * turn what the driver found into handles. Drivers extend it with their hypervisor's facts (type, version,
 * node info, capabilities) and say what closing means to them.
 *
 * @param <R> what the driver's lookups find and {@link #handle} turns into a {@link Domain}
 */
@org.osgi.annotation.versioning.ConsumerType
public abstract class DriverConnection<R> implements Connection {

    /** Virtkit's own version, libvirt-encoded (0.1.0): what {@link #libraryVersion()} reports. */
    public static final long LIBRARY_VERSION = 1_000;

    private final String uri;
    private final EventDispatcher<DomainEvent> events;
    private volatile boolean alive = true;

    /** An open connection to {@code uri}; its events are delivered on a thread named after it. */
    protected DriverConnection(String uri) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.events = new EventDispatcher<>("virtkit-events " + uri);
    }

    /** The driver's domains, as this connection looks them up. */
    protected abstract DomainLookup<R> domains();

    /** A handle on this connection for {@code record}. */
    protected abstract Domain handle(R record);

    /** Defines (or redefines) a persistent domain from XML. */
    protected abstract R define(String xml);

    /** Starts a domain from XML (transient, or a defined inactive one of the same name and UUID). */
    protected abstract R create(String xml, Set<StartFlag> flags);

    /**
     * Called once, after this connection is marked closed and its event dispatcher is closed: detach from
     * the driver's state, destroying the domains it started with AUTODESTROY if {@code autodestroy}.
     */
    protected abstract void closed(boolean autodestroy);

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public long libraryVersion() {
        check("virConnectGetLibVersion");
        return LIBRARY_VERSION;
    }

    @Override
    public List<Domain> listAllDomains(DomainListFlag... flags) {
        check("virConnectListAllDomains");
        return domains().list(flags).stream().map(this::handle).toList();
    }

    @Override
    public Domain lookupDomainByName(String name) {
        check("virDomainLookupByName");
        return handle(domains().lookupByName(name));
    }

    @Override
    public Domain lookupDomainByUuid(UUID uuid) {
        check("virDomainLookupByUUID");
        return handle(domains().lookupByUuid(uuid));
    }

    @Override
    public Domain lookupDomainById(int id) {
        check("virDomainLookupByID");
        return handle(domains().lookupById(id));
    }

    @Override
    public Domain defineDomain(String xml) {
        check("virDomainDefineXML");
        return handle(define(xml));
    }

    @Override
    public Domain createDomain(String xml, StartFlag... flags) {
        check("virDomainCreateXML");
        return handle(create(xml, FlagSet.of(StartFlag.class, flags)));
    }

    @Override
    public Registration addDomainEventListener(DomainEventListener listener) {
        Objects.requireNonNull(listener, "listener");
        check("virConnectDomainEventRegisterAny");
        return events.addListener(listener::onEvent);
    }

    @Override
    public boolean isAlive() {
        return alive;
    }

    /** Closes the connection, destroying the domains it started with AUTODESTROY. Idempotent. */
    @Override
    public void close() {
        close(true);
    }

    /** The driver is going away: let go without destroying AUTODESTROY domains (they outlive the driver). */
    public void closeWithoutAutodestroy() {
        close(false);
    }

    private void close(boolean autodestroy) {
        synchronized (this) {
            if (!alive) {
                return;
            }
            alive = false;
        }
        events.close();
        closed(autodestroy);
    }

    /**
     * Queues an event on {@code record} for this connection's listeners, if it is open and has any. Called
     * by the driver for every change, possibly holding a domain's lock: it only queues.
     */
    public void deliver(R record, DomainEventDetail detail) {
        if (alive && events.hasListeners()) {
            events.dispatch(new DomainEvent(handle(record), detail));
        }
    }

    /** Fails with INVALID_CONN once closed; {@code function} names the libvirt call ("virDomainCreate"). */
    public void check(String function) {
        if (!alive) {
            throw DomainErrors.invalidConnection(function);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + uri + (alive ? "" : ", closed") + "]";
    }
}
