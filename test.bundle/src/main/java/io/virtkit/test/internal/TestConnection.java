package io.virtkit.test.internal;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import io.virtkit.api.Domain;
import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.Network;
import io.virtkit.api.NetworkEvent;
import io.virtkit.api.NetworkEventListener;
import io.virtkit.api.NetworkEventType;
import io.virtkit.api.NetworkListFlag;
import io.virtkit.api.NodeInfo;
import io.virtkit.api.Registration;
import io.virtkit.api.StartFlag;
import io.virtkit.api.spi.DomainLookup;
import io.virtkit.api.spi.DriverConnection;
import io.virtkit.api.spi.EventDispatcher;

/**
 * A connection to a {@link TestState}; its domain and network events carry handles bound to this
 * connection. Closing it detaches it from the state (destroying its AUTODESTROY domains, even when the
 * driver is the one going away: nothing outlives the in-memory test driver) and makes every further call
 * fail with INVALID_CONN.
 */
final class TestConnection extends DriverConnection<TestState.Ref> {

    /** libvirt's number for the test hypervisor: "0.0.2". */
    static final long HYPERVISOR_VERSION = 2;

    private final TestDriver driver;
    private final TestState state;
    private final EventDispatcher<NetworkEvent> networkEvents;

    TestConnection(TestDriver driver, TestState state, String uri) {
        super(uri);
        this.driver = driver;
        this.state = state;
        this.networkEvents = new EventDispatcher<>("virtkit-network-events " + uri);
    }

    TestState state() {
        return state;
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
    protected DomainLookup<TestState.Ref> domains() {
        return state;
    }

    @Override
    protected TestState.Ref define(String xml) {
        return state.define(xml);
    }

    @Override
    protected TestState.Ref create(String xml, Set<StartFlag> flags) {
        return state.create(xml, this, flags);
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
    protected void closed(boolean autodestroy) {
        networkEvents.close();
        state.detach(this);
        driver.closed(this);
    }

    /** As {@link #deliver(TestState.Ref, DomainEventDetail)}, for a network's change. */
    void deliver(TestState.Ref ref, NetworkEventType type) {
        if (isAlive() && networkEvents.hasListeners()) {
            networkEvents.dispatch(new NetworkEvent(networkHandle(ref), type));
        }
    }

    @Override
    protected Domain handle(TestState.Ref ref) {
        return new TestDomain(this, ref);
    }

    private Network networkHandle(TestState.Ref ref) {
        return new TestNetwork(this, ref);
    }
}
