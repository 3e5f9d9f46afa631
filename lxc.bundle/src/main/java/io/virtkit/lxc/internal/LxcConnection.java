package io.virtkit.lxc.internal;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainEvent;
import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainEventListener;
import io.virtkit.api.DomainListFlag;
import io.virtkit.api.NodeInfo;
import io.virtkit.api.Registration;
import io.virtkit.api.StartFlag;
import io.virtkit.api.spi.DomainErrors;
import io.virtkit.api.spi.EventDispatcher;

/** A connection to lxc:///. Closing it destroys the containers it started with AUTODESTROY. */
final class LxcConnection implements Connection {

    /** Virtkit's own version, libvirt-encoded (0.1.0). */
    static final long LIBRARY_VERSION = 1_000;

    private final LxcDriver driver;
    private final LxcState state;
    private final String uri;
    private final EventDispatcher<DomainEvent> events;
    private volatile boolean alive = true;

    LxcConnection(LxcDriver driver, LxcState state, String uri) {
        this.driver = driver;
        this.state = state;
        this.uri = uri;
        this.events = new EventDispatcher<>("virtkit-events " + uri);
    }

    LxcState state() {
        return state;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public String type() {
        check("virConnectGetType");
        return "LXC";
    }

    /** libvirt's LXC driver reports the kernel's version (major * 1,000,000 + minor * 1,000 + release). */
    @Override
    public long hypervisorVersion() {
        check("virConnectGetVersion");
        return HostFacts.kernelVersion();
    }

    @Override
    public long libraryVersion() {
        check("virConnectGetLibVersion");
        return LIBRARY_VERSION;
    }

    @Override
    public String hostname() {
        check("virConnectGetHostname");
        return driver.hostname();
    }

    @Override
    public NodeInfo nodeInfo() {
        check("virNodeGetInfo");
        return HostFacts.nodeInfo();
    }

    @Override
    public String capabilities() {
        check("virConnectGetCapabilities");
        return HostFacts.capabilities();
    }

    @Override
    public List<Domain> listAllDomains(DomainListFlag... flags) {
        check("virConnectListAllDomains");
        return state.list(flags).stream().map(this::handle).toList();
    }

    @Override
    public Domain lookupDomainByName(String name) {
        check("virDomainLookupByName");
        return handle(state.lookupByName(name));
    }

    @Override
    public Domain lookupDomainByUuid(UUID uuid) {
        check("virDomainLookupByUUID");
        return handle(state.lookupByUuid(uuid));
    }

    @Override
    public Domain lookupDomainById(int id) {
        check("virDomainLookupByID");
        return handle(state.lookupById(id));
    }

    @Override
    public Domain defineDomain(String xml) {
        check("virDomainDefineXML");
        return handle(state.define(xml));
    }

    @Override
    public Domain createDomain(String xml, StartFlag... flags) {
        check("virDomainCreateXML");
        return handle(state.create(xml, this, LxcState.setOf(StartFlag.class, flags)));
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

    @Override
    public void close() {
        close(true);
    }

    void closeWithoutAutodestroy() {
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
        state.detach(this, autodestroy);
        driver.closed(this);
    }

    void deliver(UUID uuid, String name, DomainEventDetail detail) {
        if (alive && events.hasListeners()) {
            events.dispatch(new DomainEvent(new LxcDomainHandle(this, uuid, name), detail));
        }
    }

    void check(String function) {
        if (!alive) {
            throw DomainErrors.invalidConnection(function);
        }
    }

    private Domain handle(LxcDomainObject d) {
        return new LxcDomainHandle(this, d.uuid(), d.name());
    }

    @Override
    public String toString() {
        return "LxcConnection[" + uri + (alive ? "" : ", closed") + "]";
    }
}
