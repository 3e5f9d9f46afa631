package io.virtkit.test.internal;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainEvent;
import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainEventListener;
import io.virtkit.api.DomainListFlag;
import io.virtkit.api.Network;
import io.virtkit.api.NetworkEvent;
import io.virtkit.api.NetworkEventListener;
import io.virtkit.api.NetworkEventType;
import io.virtkit.api.NetworkListFlag;
import io.virtkit.api.NodeInfo;
import io.virtkit.api.Registration;
import io.virtkit.api.StartFlag;
import io.virtkit.api.spi.DomainErrors;
import io.virtkit.api.spi.EventDispatcher;

/**
 * A connection to a {@link TestState}. Its own event dispatcher turns the state's events into
 * {@link DomainEvent}s with handles bound to this connection. Closing it detaches it from the state
 * (destroying its AUTODESTROY domains) and makes every further call fail with INVALID_CONN.
 */
final class TestConnection implements Connection {

    /** libvirt's numbers: the test hypervisor is "0.0.2", Virtkit itself is 0.1.0. */
    static final long HYPERVISOR_VERSION = 2;
    static final long LIBRARY_VERSION = 1_000;

    private final TestDriver driver;
    private final TestState state;
    private final String uri;
    private final EventDispatcher<DomainEvent> events;
    private final EventDispatcher<NetworkEvent> networkEvents;
    private volatile boolean alive = true;

    TestConnection(TestDriver driver, TestState state, String uri) {
        this.driver = driver;
        this.state = state;
        this.uri = uri;
        this.events = new EventDispatcher<>("virtkit-events " + uri);
        this.networkEvents = new EventDispatcher<>("virtkit-network-events " + uri);
    }

    TestState state() {
        return state;
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public String type() {
        check("virConnectGetType");
        return "TEST";
    }

    @Override
    public long hypervisorVersion() {
        check("virConnectGetVersion");
        return HYPERVISOR_VERSION;
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
        return state.nodeInfo();
    }

    @Override
    public String capabilities() {
        check("virConnectGetCapabilities");
        return state.capabilities();
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
        return handle(state.create(xml, this, TestState.setOf(StartFlag.class, flags)));
    }

    @Override
    public Registration addDomainEventListener(DomainEventListener listener) {
        Objects.requireNonNull(listener, "listener");
        check("virConnectDomainEventRegisterAny");
        return events.addListener(listener::onEvent);
    }

    // ---- networks: libvirt's test driver keeps its own, no network driver involved ----------

    @Override
    public List<Network> listAllNetworks(NetworkListFlag... flags) {
        check("virConnectListAllNetworks");
        return state.listNetworks(flags).stream().map(this::networkHandle).toList();
    }

    @Override
    public Network lookupNetworkByName(String name) {
        check("virNetworkLookupByName");
        return networkHandle(state.lookupNetworkByName(name));
    }

    @Override
    public Network lookupNetworkByUuid(UUID uuid) {
        check("virNetworkLookupByUUID");
        return networkHandle(state.lookupNetworkByUuid(uuid));
    }

    @Override
    public Network defineNetwork(String xml) {
        check("virNetworkDefineXML");
        return networkHandle(state.defineNetwork(xml));
    }

    @Override
    public Network createNetwork(String xml) {
        check("virNetworkCreateXML");
        return networkHandle(state.createNetwork(xml));
    }

    @Override
    public Registration addNetworkEventListener(NetworkEventListener listener) {
        Objects.requireNonNull(listener, "listener");
        check("virConnectNetworkEventRegisterAny");
        return networkEvents.addListener(listener::onEvent);
    }

    @Override
    public boolean isAlive() {
        return alive;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (!alive) {
                return;
            }
            alive = false;
        }
        events.close();
        networkEvents.close();
        state.detach(this);
        driver.closed(this);
    }

    /** Called by the state, under its lock, for every change: queue it for this connection's listeners. */
    void deliver(TestState.Ref ref, DomainEventDetail detail) {
        if (alive && events.hasListeners()) {
            events.dispatch(new DomainEvent(handle(ref), detail));
        }
    }

    /** As {@link #deliver(TestState.Ref, DomainEventDetail)}, for a network's change. */
    void deliver(TestState.Ref ref, NetworkEventType type) {
        if (alive && networkEvents.hasListeners()) {
            networkEvents.dispatch(new NetworkEvent(networkHandle(ref), type));
        }
    }

    /** Fails with INVALID_CONN once closed; {@code function} names the libvirt call, as libvirt does. */
    void check(String function) {
        if (!alive) {
            throw DomainErrors.invalidConnection(function);
        }
    }

    private Domain handle(TestState.Ref ref) {
        return new TestDomain(this, ref);
    }

    private Network networkHandle(TestState.Ref ref) {
        return new TestNetwork(this, ref);
    }

    @Override
    public String toString() {
        return "TestConnection[" + uri + (alive ? "" : ", closed") + "]";
    }
}
