package io.virtkit.netdev.internal;

import java.util.List;
import java.util.Set;
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
 * One public connection's view of the {@link VirtualNetworkDriver}'s networks: libvirt's network driver
 * table over {@link NetworkRef}s. It checks each call's flags, leaves the work to the driver (which holds
 * the state and its lock) and passes the driver's events on to the connection's sink while it is open.
 */
final class VirtualNetworkConnection implements NetworkConnection {

    private final VirtualNetworkDriver driver;
    private final ConnectionEvents events;
    private volatile boolean open = true;

    VirtualNetworkConnection(VirtualNetworkDriver driver, ConnectionEvents events) {
        this.driver = driver;
        this.events = events;
    }

    /** Called by the driver for every change, possibly holding its lock: the sink only queues. */
    void report(NetworkRef network, NetworkEventType type) {
        if (open && events.networkEventsWanted()) {
            events.report(network, type);
        }
    }

    @Override
    public List<NetworkRef> listAllNetworks(long flags) {
        Set<NetworkListFlag> set = DriverFlags.decode(flags, NetworkListFlag.class, "virConnectListAllNetworks");
        return driver.networks().list(set);
    }

    @Override
    public NetworkRef lookupNetworkByName(String name) {
        return driver.networks().lookupByName(name);
    }

    @Override
    public NetworkRef lookupNetworkByUuid(UUID uuid) {
        return driver.networks().lookupByUuid(uuid);
    }

    @Override
    public NetworkRef defineNetwork(String xml, long flags) {
        DriverFlags.check(flags, 0, "virNetworkDefineXMLFlags");
        return driver.jobs().define(xml);
    }

    @Override
    public NetworkRef createNetwork(String xml, long flags) {
        DriverFlags.check(flags, 0, "virNetworkCreateXMLFlags");
        return driver.jobs().create(xml);
    }

    @Override
    public String networkBridgeName(NetworkRef network) {
        return driver.networks().bridgeName(network);
    }

    @Override
    public void startNetwork(NetworkRef network, long flags) {
        DriverFlags.check(flags, 0, "virNetworkCreateWithFlags");
        driver.jobs().start(network);
    }

    @Override
    public void destroyNetwork(NetworkRef network) {
        driver.jobs().destroy(network);
    }

    @Override
    public void undefineNetwork(NetworkRef network) {
        driver.jobs().undefine(network);
    }

    @Override
    public String networkXml(NetworkRef network, long flags) {
        Set<XmlFlag> set = DriverFlags.decode(flags, XmlFlag.class, "virNetworkGetXMLDesc");
        return driver.networks().xml(network, set.contains(XmlFlag.INACTIVE));
    }

    @Override
    public boolean networkAutostart(NetworkRef network) {
        return driver.networks().autostart(network);
    }

    @Override
    public void setNetworkAutostart(NetworkRef network, boolean autostart) {
        driver.jobs().setAutostart(network, autostart);
    }

    @Override
    public boolean networkIsActive(NetworkRef network) {
        return driver.networks().isActive(network);
    }

    @Override
    public boolean networkIsPersistent(NetworkRef network) {
        return driver.networks().isPersistent(network);
    }

    @Override
    public List<NetworkDhcpLease> networkDhcpLeases(NetworkRef network, String mac, long flags) {
        DriverFlags.check(flags, 0, "virNetworkGetDHCPLeases");
        return driver.networks().leases(network, mac);
    }

    /** Stops this connection's events; the networks keep running. Idempotent. */
    @Override
    public void close() {
        open = false;
        driver.closed(this);
    }

    @Override
    public String toString() {
        return "networks of " + events;
    }
}
