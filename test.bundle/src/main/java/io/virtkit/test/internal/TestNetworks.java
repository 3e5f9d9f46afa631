package io.virtkit.test.internal;

import java.util.List;
import java.util.UUID;

import io.virtkit.api.NetworkDhcpLease;
import io.virtkit.api.NetworkEventType;
import io.virtkit.api.NetworkListFlag;
import io.virtkit.api.XmlFlag;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DriverFlags;
import io.virtkit.api.driver.NetworkConnection;
import io.virtkit.api.driver.NetworkRef;

/**
 * The test driver's own network table: the networks of a {@link TestState}, kept with its domains, as
 * libvirt's test driver keeps them; no network driver is involved. Closed with its {@link TestConnection}.
 */
final class TestNetworks implements NetworkConnection {

    private final TestState state;
    private final ConnectionEvents events;

    TestNetworks(TestState state, ConnectionEvents events) {
        this.state = state;
        this.events = events;
    }

    @Override
    public List<NetworkRef> listAllNetworks(long flags) {
        NetworkListFlag[] filter = DriverFlags.decode(flags, NetworkListFlag.class, "virConnectListAllNetworks")
                .toArray(NetworkListFlag[]::new);
        return state.listNetworks(filter).stream().map(TestNetworks::ref).toList();
    }

    @Override
    public NetworkRef lookupNetworkByName(String name) {
        return ref(state.lookupNetworkByName(name));
    }

    @Override
    public NetworkRef lookupNetworkByUuid(UUID uuid) {
        return ref(state.lookupNetworkByUuid(uuid));
    }

    @Override
    public NetworkRef defineNetwork(String xml, long flags) {
        DriverFlags.check(flags, 0, "virNetworkDefineXMLFlags");
        return ref(state.defineNetwork(xml));
    }

    @Override
    public NetworkRef createNetwork(String xml, long flags) {
        DriverFlags.check(flags, 0, "virNetworkCreateXMLFlags");
        return ref(state.createNetwork(xml));
    }

    @Override
    public String networkBridgeName(NetworkRef network) {
        return state.networkBridgeName(ref(network));
    }

    @Override
    public void startNetwork(NetworkRef network, long flags) {
        DriverFlags.check(flags, 0, "virNetworkCreateWithFlags");
        state.startNetwork(ref(network));
    }

    @Override
    public void destroyNetwork(NetworkRef network) {
        state.destroyNetwork(ref(network));
    }

    @Override
    public void undefineNetwork(NetworkRef network) {
        state.undefineNetwork(ref(network));
    }

    @Override
    public String networkXml(NetworkRef network, long flags) {
        return state.networkXml(ref(network), DriverFlags.decode(flags, XmlFlag.class, "virNetworkGetXMLDesc"));
    }

    @Override
    public boolean networkAutostart(NetworkRef network) {
        return state.networkAutostart(ref(network));
    }

    @Override
    public void setNetworkAutostart(NetworkRef network, boolean autostart) {
        state.setNetworkAutostart(ref(network), autostart);
    }

    @Override
    public boolean networkIsActive(NetworkRef network) {
        return state.isNetworkActive(ref(network));
    }

    @Override
    public boolean networkIsPersistent(NetworkRef network) {
        return state.isNetworkPersistent(ref(network));
    }

    /** The test driver runs no DHCP server, so no guest ever has a lease. */
    @Override
    public List<NetworkDhcpLease> networkDhcpLeases(NetworkRef network, String mac, long flags) {
        DriverFlags.check(flags, 0, "virNetworkGetDHCPLeases");
        state.isNetworkActive(ref(network)); // fails for a vanished network
        return List.of();
    }

    void deliver(boolean open, TestState.Ref ref, NetworkEventType type) {
        if (open && events.networkEventsWanted()) {
            events.report(ref(ref), type);
        }
    }

    /** Closed with its hypervisor connection. */
    @Override
    public void close() {
    }

    private static NetworkRef ref(TestState.Ref ref) {
        return new NetworkRef(ref.name(), ref.uuid());
    }

    private static TestState.Ref ref(NetworkRef ref) {
        return new TestState.Ref(ref.uuid(), ref.name());
    }
}
