package io.virtkit.test.internal;

import java.util.List;
import java.util.UUID;

import io.virtkit.api.Connection;
import io.virtkit.api.Network;
import io.virtkit.api.NetworkDhcpLease;
import io.virtkit.api.XmlFlag;
import io.virtkit.api.spi.FlagSet;

/**
 * A thin network handle: the connection and the network's UUID and name. Every call asks the state, so
 * a handle sees the network's current facts and fails with NO_NETWORK once it has gone.
 */
final class TestNetwork implements Network {

    private final TestConnection connection;
    private final TestState.Ref ref;

    TestNetwork(TestConnection connection, TestState.Ref ref) {
        this.connection = connection;
        this.ref = ref;
    }

    private TestState state(String function) {
        connection.check(function);
        return connection.state();
    }

    @Override
    public Connection connection() {
        return connection;
    }

    @Override
    public String name() {
        return ref.name();
    }

    @Override
    public UUID uuid() {
        return ref.uuid();
    }

    @Override
    public String bridgeName() {
        return state("virNetworkGetBridgeName").networkBridgeName(ref);
    }

    @Override
    public void start() {
        state("virNetworkCreate").startNetwork(ref);
    }

    @Override
    public void destroy() {
        state("virNetworkDestroy").destroyNetwork(ref);
    }

    @Override
    public void undefine() {
        state("virNetworkUndefine").undefineNetwork(ref);
    }

    @Override
    public String xml(XmlFlag... flags) {
        return state("virNetworkGetXMLDesc").networkXml(ref, FlagSet.of(XmlFlag.class, flags));
    }

    @Override
    public boolean autostart() {
        return state("virNetworkGetAutostart").networkAutostart(ref);
    }

    @Override
    public void setAutostart(boolean autostart) {
        state("virNetworkSetAutostart").setNetworkAutostart(ref, autostart);
    }

    @Override
    public boolean isActive() {
        return state("virNetworkIsActive").isNetworkActive(ref);
    }

    @Override
    public boolean isPersistent() {
        return state("virNetworkIsPersistent").isNetworkPersistent(ref);
    }

    /** The test driver runs no DHCP server, so no guest ever has a lease. */
    @Override
    public List<NetworkDhcpLease> dhcpLeases() {
        state("virNetworkGetDHCPLeases").isNetworkActive(ref); // fails for a vanished network
        return List.of();
    }

    /** Two handles are equal when they name the same network on the same connection. */
    @Override
    public boolean equals(Object o) {
        return o instanceof TestNetwork other && other.connection == connection && other.ref.uuid().equals(ref.uuid());
    }

    @Override
    public int hashCode() {
        return ref.uuid().hashCode();
    }

    @Override
    public String toString() {
        return "Network[" + ref.name() + " " + ref.uuid() + " on " + connection.uri() + "]";
    }
}
