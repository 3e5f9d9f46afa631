package io.virtkit.test.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.NetworkDhcpLease;
import io.virtkit.api.NetworkEventType;
import io.virtkit.api.NetworkListFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.api.driver.DriverFlags;
import io.virtkit.api.driver.NetworkConnection;
import io.virtkit.api.driver.NetworkRef;
import io.virtkit.model.network.NetworkDefinition;
import io.virtkit.model.network.NetworkXmlCodec;
import io.virtkit.support.DomainTable;

/**
 * The test driver's own network table: the networks of one {@link TestState}, kept beside its domains as
 * libvirt's test driver keeps them; no network driver is involved. Every connection to the state shares
 * it. Its lock guards the networks: every call checks its preconditions before it changes anything, and
 * events are queued while still holding it, in the order of the changes.
 *
 * <p>As libvirt's test driver, except where it has plain bugs: a definition given while a network is active
 * takes effect when it stops (libvirt's test driver drops it), destroying an inactive network fails as
 * libvirt's network driver fails (the test driver "succeeds"), and a transient network cannot be
 * autostarted (as domains and libvirt's network driver).
 */
final class TestNetworks implements NetworkConnection {

    private final DomainTable<NetworkObject> networks = new DomainTable<>(NetworkObject::uuid, NetworkObject::name,
            "network", ErrorDomain.NETWORK); // guarded by this
    private final BiConsumer<NetworkRef, NetworkEventType> events;

    /** @param events gets each change, under this table's lock */
    TestNetworks(BiConsumer<NetworkRef, NetworkEventType> events) {
        this.events = events;
    }

    /** Adds a network as a node file or the default state describes it: persistent and active. No events. */
    synchronized void load(NetworkDefinition def) {
        networks.rejectClash(def.uuid(), def.name());
        if (networks.contains(def.uuid())) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.NETWORK,
                    "network '" + def.name() + "' already exists");
        }
        NetworkObject n = new NetworkObject(def, true);
        n.active = true;
        networks.put(n);
    }

    @Override
    public synchronized List<NetworkRef> listAllNetworks(long flags) {
        int[] groups = new int[3];
        for (NetworkListFlag f : DriverFlags.decode(flags, NetworkListFlag.class, "virConnectListAllNetworks")) {
            groups[f.group()] |= f.bit();
        }
        List<NetworkRef> result = new ArrayList<>();
        for (NetworkObject n : networks.values()) {
            if (matches(groups[0], NetworkListFlag.ACTIVE, NetworkListFlag.INACTIVE, n.active)
                    && matches(groups[1], NetworkListFlag.PERSISTENT, NetworkListFlag.TRANSIENT, n.persistent)
                    && matches(groups[2], NetworkListFlag.AUTOSTART, NetworkListFlag.NO_AUTOSTART, n.autostart)) {
                result.add(ref(n));
            }
        }
        return result;
    }

    /** A group with no flag set lets everything through; otherwise the flag for the object's side must be set. */
    private static boolean matches(int group, NetworkListFlag yes, NetworkListFlag no, boolean fact) {
        return group == 0 || (group & (fact ? yes : no).bit()) != 0;
    }

    @Override
    public synchronized NetworkRef lookupNetworkByName(String name) {
        NetworkObject n = networks.byName(name);
        if (n == null) {
            throw noNetworkWithName(name);
        }
        return ref(n);
    }

    @Override
    public synchronized NetworkRef lookupNetworkByUuid(UUID uuid) {
        NetworkObject n = networks.get(uuid);
        if (n == null) {
            throw new VirtException(ErrorCode.NO_NETWORK, ErrorDomain.TEST,
                    "no network with matching uuid '" + uuid + "'");
        }
        return ref(n);
    }

    @Override
    public synchronized NetworkRef defineNetwork(String xml, long flags) {
        DriverFlags.check(flags, 0, "virNetworkDefineXMLFlags");
        NetworkDefinition def = NetworkXmlCodec.parse(xml);
        NetworkObject n = sameNetwork(def);
        if (n == null) {
            n = new NetworkObject(def, true);
            networks.put(n);
        } else if (n.active) {
            n.nextDef = def; // the running configuration stays until the network stops
        } else {
            n.def = def;
        }
        n.persistent = true;
        emit(n, NetworkEventType.DEFINED);
        return ref(n);
    }

    /** Starts {@code xml} as a transient network, or an inactive defined one of the same name and UUID. */
    @Override
    public synchronized NetworkRef createNetwork(String xml, long flags) {
        DriverFlags.check(flags, 0, "virNetworkCreateXMLFlags");
        NetworkDefinition def = NetworkXmlCodec.parse(xml);
        NetworkObject n = sameNetwork(def);
        if (n == null) {
            n = new NetworkObject(def, false);
            networks.put(n);
        } else if (n.active) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NETWORK,
                    "network is already active as '" + n.name() + "'");
        } else {
            // a defined network runs the given configuration this once and keeps its persistent one
            n.nextDef = n.def;
            n.def = def;
        }
        n.active = true;
        emit(n, NetworkEventType.STARTED);
        return ref(n);
    }

    /**
     * The network {@code def} names by both name and UUID, or null when both are new; a name or UUID held
     * by another network is an error (libvirt's wording).
     */
    private NetworkObject sameNetwork(NetworkDefinition def) {
        networks.rejectClash(def.uuid(), def.name());
        return networks.get(def.uuid());
    }

    @Override
    public synchronized void startNetwork(NetworkRef network, long flags) {
        DriverFlags.check(flags, 0, "virNetworkCreateWithFlags");
        NetworkObject n = find(network);
        if (n.active) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                    "Network '" + n.name() + "' is already running");
        }
        n.active = true;
        emit(n, NetworkEventType.STARTED);
    }

    @Override
    public synchronized void destroyNetwork(NetworkRef network) {
        NetworkObject n = find(network);
        if (!n.active) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NETWORK,
                    "network '" + n.name() + "' is not active");
        }
        n.markStopped();
        emit(n, NetworkEventType.STOPPED);
        if (!n.persistent) {
            networks.remove(n);
        }
    }

    @Override
    public synchronized void undefineNetwork(NetworkRef network) {
        NetworkObject n = find(network);
        if (n.active) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                    "Network '" + n.name() + "' is still running");
        }
        networks.remove(n);
        emit(n, NetworkEventType.UNDEFINED);
    }

    @Override
    public synchronized String networkXml(NetworkRef network, long flags) {
        Set<XmlFlag> set = DriverFlags.decode(flags, XmlFlag.class, "virNetworkGetXMLDesc");
        NetworkObject n = find(network);
        return NetworkXmlCodec.format(set.contains(XmlFlag.INACTIVE) ? n.persistentDef() : n.def);
    }

    /** libvirt's test driver reports a network without a bridge name as an internal error. */
    @Override
    public synchronized String networkBridgeName(NetworkRef network) {
        NetworkObject n = find(network);
        String bridge = n.def.bridgeName();
        if (bridge == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.TEST,
                    "network '" + n.name() + "' does not have a bridge name.");
        }
        return bridge;
    }

    @Override
    public synchronized boolean networkAutostart(NetworkRef network) {
        return find(network).autostart;
    }

    @Override
    public synchronized void setNetworkAutostart(NetworkRef network, boolean autostart) {
        NetworkObject n = find(network);
        if (!n.persistent) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NETWORK,
                    "cannot set autostart for transient network");
        }
        n.autostart = autostart;
    }

    @Override
    public synchronized boolean networkIsActive(NetworkRef network) {
        return find(network).active;
    }

    @Override
    public synchronized boolean networkIsPersistent(NetworkRef network) {
        return find(network).persistent;
    }

    /** The test driver runs no DHCP server, so no guest ever has a lease. */
    @Override
    public synchronized List<NetworkDhcpLease> networkDhcpLeases(NetworkRef network, String mac, long flags) {
        DriverFlags.check(flags, 0, "virNetworkGetDHCPLeases");
        find(network); // fails for a vanished network
        return List.of();
    }

    /** Shared by every connection to the state and gone with it: nothing to release per connection. */
    @Override
    public void close() {
    }

    /** libvirt's test driver finds a handle's network by its name, hence the wording. */
    private NetworkObject find(NetworkRef ref) {
        NetworkObject n = networks.get(ref.uuid());
        if (n == null) {
            throw noNetworkWithName(ref.name());
        }
        return n;
    }

    private static VirtException noNetworkWithName(String name) {
        return new VirtException(ErrorCode.NO_NETWORK, ErrorDomain.TEST, "no network with matching name '" + name + "'");
    }

    private void emit(NetworkObject n, NetworkEventType type) {
        events.accept(ref(n), type);
    }

    private static NetworkRef ref(NetworkObject n) {
        return new NetworkRef(n.name(), n.uuid());
    }
}
