package io.virtkit.core.internal;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

import io.virtkit.api.Flag;
import io.virtkit.api.Network;
import io.virtkit.api.NetworkDhcpLease;
import io.virtkit.api.XmlFlag;
import io.virtkit.api.driver.NetworkRef;

/**
 * The one implementation of {@link Network}, libvirt's {@code virNetworkPtr}: a connection and the network
 * driver's reference; each call goes through the connection's checks to its network sub-driver.
 */
final class CoreNetwork implements Network {

    private final CoreConnection connection;
    private final NetworkRef ref;

    CoreNetwork(CoreConnection connection, NetworkRef ref) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.ref = Objects.requireNonNull(ref, "ref");
    }

    @Override
    public CoreConnection connection() {
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
        return connection.networks("virNetworkGetBridgeName").networkBridgeName(ref);
    }

    @Override
    public void start() {
        connection.networksForChange("virNetworkCreate").startNetwork(ref, 0);
    }

    @Override
    public void destroy() {
        connection.networksForChange("virNetworkDestroy").destroyNetwork(ref);
    }

    @Override
    public void undefine() {
        connection.networksForChange("virNetworkUndefine").undefineNetwork(ref);
    }

    @Override
    public String xml(XmlFlag... flags) {
        return connection.networks("virNetworkGetXMLDesc").networkXml(ref, Flag.bits(flags));
    }

    @Override
    public boolean autostart() {
        return connection.networks("virNetworkGetAutostart").networkAutostart(ref);
    }

    @Override
    public void setAutostart(boolean autostart) {
        connection.networksForChange("virNetworkSetAutostart").setNetworkAutostart(ref, autostart);
    }

    @Override
    public boolean isActive() {
        return connection.networks("virNetworkIsActive").networkIsActive(ref);
    }

    @Override
    public boolean isPersistent() {
        return connection.networks("virNetworkIsPersistent").networkIsPersistent(ref);
    }

    @Override
    public List<NetworkDhcpLease> dhcpLeases() {
        return connection.networks("virNetworkGetDHCPLeases").networkDhcpLeases(ref, null, 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CoreNetwork other && other.connection == connection && other.ref.uuid().equals(ref.uuid());
    }

    @Override
    public int hashCode() {
        return ref.uuid().hashCode();
    }

    @Override
    public String toString() {
        return "Network[" + ref.name() + " " + ref.uuid() + " on " + connection + "]";
    }
}
