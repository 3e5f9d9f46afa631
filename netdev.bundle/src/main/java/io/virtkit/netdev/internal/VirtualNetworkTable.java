package io.virtkit.netdev.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.NetworkDhcpLease;
import io.virtkit.api.NetworkListFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.NetworkRef;
import io.virtkit.model.network.NetworkDefinition;
import io.virtkit.model.network.NetworkIp;
import io.virtkit.model.network.NetworkXmlCodec;
import io.virtkit.support.DomainTable;

/**
 * The networks of a {@link VirtualNetworkDriver} by UUID and name, and everything that only reads them:
 * lookups, lists, a network's XML, flags and leases, the bridge of an active network for a guest's TAP. Its
 * monitor guards the table (and, held by {@link VirtualNetworkJobs}, keeps bridge names apart while a
 * definition is completed); it is held only for lookups and table changes, never across a process run, and
 * taken before a network's monitor, never after. Once {@link #close() closed} every lookup fails with
 * "network driver is closed".
 */
final class VirtualNetworkTable {

    private final DomainTable<VirtualNetwork> networks = // guarded by this
            new DomainTable<>(VirtualNetwork::uuid, VirtualNetwork::name, "network", ErrorDomain.NETWORK);
    private final NetworkLifecycle lifecycle;
    private volatile boolean closed;

    VirtualNetworkTable(NetworkLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    /** From now on, calls fail with "network driver is closed"; the networks keep running. */
    void close() {
        closed = true;
    }

    void checkOpen() {
        if (closed) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NETWORK, "network driver is closed");
        }
    }

    // ---- the table ----------------------------------------------------------------------------

    synchronized VirtualNetwork byName(String name) {
        return networks.byName(name);
    }

    synchronized VirtualNetwork get(UUID uuid) {
        return networks.get(uuid);
    }

    /** Adds {@code net}, or keeps it when it is there already. */
    synchronized void put(VirtualNetwork net) {
        networks.put(net);
    }

    synchronized void remove(VirtualNetwork net) {
        networks.remove(net);
    }

    /** Every network now, to work on without the table's lock. */
    synchronized List<VirtualNetwork> snapshot() {
        return List.copyOf(networks.values());
    }

    /** The networks, for completing a definition's bridge name; the caller holds this table's monitor. */
    Collection<VirtualNetwork> values() {
        return networks.values();
    }

    /** A name or UUID held by another network than the one both name: libvirt's error. Under this monitor. */
    synchronized void rejectClash(NetworkDefinition def) {
        networks.rejectClash(def.uuid(), def.name());
    }

    /** The network {@code ref} names, found again by UUID: NO_NETWORK once it has gone. */
    synchronized VirtualNetwork find(NetworkRef ref) {
        checkOpen();
        VirtualNetwork net = networks.get(ref.uuid());
        if (net == null) {
            throw new VirtException(ErrorCode.NO_NETWORK, ErrorDomain.NETWORK,
                    "no network with matching uuid '" + ref.uuid() + "' (" + ref.name() + ")");
        }
        return net;
    }

    // ---- lookups ----------------------------------------------------------------------------

    synchronized List<NetworkRef> list(Set<NetworkListFlag> flags) {
        checkOpen();
        List<NetworkRef> out = new ArrayList<>();
        for (VirtualNetwork net : networks.values()) {
            if (net.matches(flags)) {
                out.add(ref(net));
            }
        }
        return out;
    }

    synchronized NetworkRef lookupByName(String name) {
        checkOpen();
        VirtualNetwork net = networks.byName(name);
        if (net == null) {
            throw noNetworkNamed(name);
        }
        return ref(net);
    }

    synchronized NetworkRef lookupByUuid(UUID uuid) {
        checkOpen();
        VirtualNetwork net = networks.get(uuid);
        if (net == null) {
            throw new VirtException(ErrorCode.NO_NETWORK, ErrorDomain.NETWORK,
                    "no network with matching uuid '" + uuid + "'");
        }
        return ref(net);
    }

    /**
     * The bridge of the active network {@code name}: the table and the network's fields are read briefly,
     * without waiting for any network's job (another network's start may be launching dnsmasq meanwhile).
     *
     * @throws VirtException NO_NETWORK when there is none, OPERATION_INVALID when it is not active
     */
    String activeBridge(String name) {
        VirtualNetwork net = byName(name);
        if (net == null) {
            throw noNetworkNamed(name);
        }
        synchronized (net) {
            if (net.live == null) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NETWORK,
                        "network '" + name + "' is not active");
            }
            return net.live.bridgeName();
        }
    }

    // ---- what a network reports ----------------------------------------------------------------

    String bridgeName(NetworkRef ref) {
        return find(ref).current().bridgeName();
    }

    /** The live definition, or the persistent one when {@code inactive} and there is one. */
    String xml(NetworkRef ref, boolean inactive) {
        VirtualNetwork net = find(ref);
        NetworkDefinition def;
        synchronized (net) {
            def = inactive && net.persistent != null ? net.persistent : net.current();
        }
        return NetworkXmlCodec.format(def);
    }

    boolean autostart(NetworkRef ref) {
        VirtualNetwork net = find(ref);
        synchronized (net) {
            return net.autostart;
        }
    }

    boolean isActive(NetworkRef ref) {
        return find(ref).isActive();
    }

    boolean isPersistent(NetworkRef ref) {
        VirtualNetwork net = find(ref);
        synchronized (net) {
            return net.persistent != null;
        }
    }

    /** dnsmasq's leases of an active network with DHCP; only {@code mac}'s when it is not null. */
    List<NetworkDhcpLease> leases(NetworkRef ref, String mac) {
        VirtualNetwork net = find(ref);
        NetworkDefinition live;
        synchronized (net) {
            live = net.live;
        }
        Optional<NetworkIp> ip = live == null ? Optional.empty() : live.dhcpIp();
        if (ip.isEmpty()) {
            return List.of();
        }
        return lifecycle.leases(live, ip.get(), mac);
    }

    static NetworkRef ref(VirtualNetwork net) {
        return new NetworkRef(net.name, net.uuid);
    }

    private static VirtException noNetworkNamed(String name) {
        return new VirtException(ErrorCode.NO_NETWORK, ErrorDomain.NETWORK,
                "no network with matching name '" + name + "'");
    }
}
