package io.virtkit.support;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainInfo;
import io.virtkit.api.DomainListFlag;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.StartFlag;
import io.virtkit.api.XmlFlag;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.DriverFlags;
import io.virtkit.api.driver.HypervisorConnection;

/**
 * The domain entries of a {@link HypervisorConnection} for a driver that keeps {@link DomainRecord}s in a
 * {@link DomainObjectList} and acts on them through {@link DomainOperations} (QEMU, LXC): references in and
 * out, flags checked, the record found again by UUID for every call, and events reported to the public
 * connection. Drivers extend it with their host facts and what only they offer (consoles, devices,
 * statistics).
 *
 * @param <D> the driver's domain record
 * @param <C> the driver's connection class itself (the owner of the domains it starts with AUTODESTROY)
 */
@org.osgi.annotation.versioning.ConsumerType
public abstract class RecordHypervisorConnection<D extends DomainRecord, C extends RecordHypervisorConnection<D, C>>
        implements HypervisorConnection {

    private final String uri;
    private final ConnectionEvents events;
    private volatile boolean open = true;

    /** @param uri the canonical URI; @param events where this connection's domain events go */
    protected RecordHypervisorConnection(String uri, ConnectionEvents events) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.events = Objects.requireNonNull(events, "events");
    }

    /** The driver's operations on its domains. */
    protected abstract DomainOperations<D, C> operations();

    /** This connection, typed as the driver's. */
    protected abstract C self();

    /** Defines (or redefines) a persistent domain from XML. */
    protected abstract D define(String xml);

    /** Starts a domain from XML (transient, or a defined inactive one of the same name and UUID). */
    protected abstract D create(String xml, Set<StartFlag> flags);

    /**
     * Called once when the connection closes (or the driver lets go of it): detach from the driver's
     * state, destroying the domains it started with AUTODESTROY if {@code autodestroy}.
     */
    protected abstract void closed(boolean autodestroy);

    @Override
    public String uri() {
        return uri;
    }

    /** The driver's record behind {@code domain}, or NO_DOMAIN once it has gone. */
    protected final D record(DomainRef domain) {
        return operations().domains().find(domain.uuid(), domain.name());
    }

    /**
     * Waits until {@code d} answers calls: nothing here; a driver whose activation reconnects its domains in
     * the background waits for the domain's reconnect ({@link RecordDriverConnection}).
     */
    protected void awaitReady(D d) {
    }

    /** {@link #awaitReady} for every domain, before a listing or a lookup by id: nothing here. */
    protected void awaitAllReady() {
    }

    /** The driver's record behind {@code domain} once it answers calls; NO_DOMAIN once it has gone. */
    protected final D readyRecord(DomainRef domain) {
        D d = record(domain);
        awaitReady(d);
        return d;
    }

    private DomainRef ready(D d) {
        awaitReady(d);
        return ref(d);
    }

    /** The reference core hands back for {@code d}. */
    protected static DomainRef ref(DomainRecord d) {
        return new DomainRef(d.name(), d.uuid(), d.id());
    }

    @Override
    public List<DomainRef> listAllDomains(long flags) {
        awaitAllReady();
        Set<DomainListFlag> set = DriverFlags.decode(flags, DomainListFlag.class, "virConnectListAllDomains");
        return operations().domains().list(set.toArray(DomainListFlag[]::new)).stream()
                .map(RecordHypervisorConnection::ref).toList();
    }

    @Override
    public DomainRef lookupDomainByName(String name) {
        return ready(operations().domains().lookupByName(name));
    }

    @Override
    public DomainRef lookupDomainByUuid(UUID uuid) {
        return ready(operations().domains().lookupByUuid(uuid));
    }

    @Override
    public DomainRef lookupDomainById(int id) {
        awaitAllReady(); // ids are known once reconnected
        return ref(operations().domains().lookupById(id));
    }

    @Override
    public DomainRef defineDomain(String xml, long flags) {
        DriverFlags.check(flags, 0, "virDomainDefineXMLFlags");
        return ref(define(xml));
    }

    @Override
    public DomainRef createDomain(String xml, long flags) {
        return ref(create(xml, DriverFlags.decode(flags, StartFlag.class, "virDomainCreateXML")));
    }

    @Override
    public int domainId(DomainRef domain) {
        return readyRecord(domain).id();
    }

    @Override
    public String domainOsType(DomainRef domain) {
        D d = record(domain);
        synchronized (d) {
            return d.definition().os().type();
        }
    }

    @Override
    public void startDomain(DomainRef domain, long flags) {
        Set<StartFlag> set = DriverFlags.decode(flags, StartFlag.class, "virDomainCreateWithFlags");
        operations().start(record(domain), self(), set);
    }

    @Override
    public void shutdownDomain(DomainRef domain, long flags) {
        DriverFlags.check(flags, 0, "virDomainShutdownFlags");
        operations().shutdown(record(domain));
    }

    @Override
    public void destroyDomain(DomainRef domain, long flags) {
        DriverFlags.check(flags, 0, "virDomainDestroyFlags");
        operations().destroy(record(domain));
    }

    @Override
    public void suspendDomain(DomainRef domain) {
        operations().suspend(record(domain));
    }

    @Override
    public void resumeDomain(DomainRef domain) {
        operations().resume(record(domain));
    }

    @Override
    public void rebootDomain(DomainRef domain, long flags) {
        DriverFlags.check(flags, 0, "virDomainReboot");
        operations().reboot(record(domain));
    }

    @Override
    public void undefineDomain(DomainRef domain, long flags) {
        DriverFlags.check(flags, 0, "virDomainUndefineFlags");
        operations().undefine(record(domain));
    }

    @Override
    public DomainStateInfo domainState(DomainRef domain, long flags) {
        DriverFlags.check(flags, 0, "virDomainGetState");
        return operations().state(record(domain));
    }

    @Override
    public DomainInfo domainInfo(DomainRef domain) {
        return operations().info(record(domain));
    }

    @Override
    public String domainXml(DomainRef domain, long flags) {
        return operations().xml(record(domain), DriverFlags.decode(flags, XmlFlag.class, "virDomainGetXMLDesc"));
    }

    @Override
    public boolean domainAutostart(DomainRef domain) {
        return readyRecord(domain).isAutostart();
    }

    @Override
    public void setDomainAutostart(DomainRef domain, boolean autostart) {
        operations().setAutostart(record(domain), autostart);
    }

    @Override
    public boolean domainIsActive(DomainRef domain) {
        return readyRecord(domain).isActive();
    }

    @Override
    public boolean domainIsPersistent(DomainRef domain) {
        return readyRecord(domain).isPersistent();
    }

    /**
     * Reports an event on {@code record} to this connection's listeners, if it is open and has any. Called
     * by the driver for every change, possibly holding a domain's lock: it only queues.
     */
    public void deliver(D record, DomainEventDetail detail) {
        if (open && events.domainEventsWanted()) {
            events.report(ref(record), detail);
        }
    }

    /** Whether the connection is still open (not closed, not let go). */
    public boolean isOpen() {
        return open;
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
            if (!open) {
                return;
            }
            open = false;
        }
        closed(autodestroy);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + uri + (open ? "" : ", closed") + "]";
    }
}
