package io.virtkit.netdev.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.NetworkDhcpLease;
import io.virtkit.api.NetworkEventType;
import io.virtkit.api.NetworkListFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.NetworkConnection;
import io.virtkit.api.driver.NetworkDriver;
import io.virtkit.api.driver.NetworkRef;
import io.virtkit.api.driver.OpenRequest;
import io.virtkit.model.network.ForwardMode;
import io.virtkit.model.network.NetworkDefinition;
import io.virtkit.model.network.NetworkIp;
import io.virtkit.model.network.NetworkXmlCodec;
import io.virtkit.netdev.internal.NetworkLifecycle.StartedParts;
import io.virtkit.support.DomainTable;

/**
 * libvirt's network driver for {@code qemu:///…} and {@code lxc:///…} connections: virtual networks
 * with a bridge of their own (isolated, NAT, routed) or on an existing host bridge. All kernel work runs on
 * its {@link NetdevThread}; what a start and a destroy do on the host is {@link NetworkLifecycle}'s.
 * Persistent XML lives in the state directory, a status file per active network in the run directory, so
 * a new instance adopts running bridges and dnsmasq instances instead of recreating them.
 *
 * <p>Locks, in the order they are taken: (1) a network's job ({@link VirtualNetwork#beginJob}: start,
 * destroy, undefine, autostart of that network, one at a time, held across dnsmasq and nft runs); (2) the
 * driver's monitor ({@code this}: the table of networks and the bridge names they take, held only for
 * lookups and table changes, never across a process run); (3) a network's monitor (its fields, held only
 * to read or set them). Nothing is taken against that order. So a guest's TAP lookup
 * ({@link #activeBridge}) takes (2) and (3) briefly and never waits behind another network's start.
 */
@Component(service = {NetworkDriver.class, VirtualNetworkDriver.class}, configurationPid = VirtualNetworkDriver.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = NetdevConfig.class)
public final class VirtualNetworkDriver implements NetworkDriver {

    static final String PID = "io.virtkit.netdev";
    private static final System.Logger LOG = System.getLogger(VirtualNetworkDriver.class.getName());

    private final NetdevSettings settings;
    private final NetdevThread netdev;
    private final NetworkLifecycle lifecycle;
    private final DomainTable<VirtualNetwork> networks = // guarded by this
            new DomainTable<>(VirtualNetwork::uuid, VirtualNetwork::name, "network", ErrorDomain.NETWORK);
    private final List<VirtualNetworkConnection> connections = new CopyOnWriteArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private volatile boolean closed;

    @Activate
    public VirtualNetworkDriver(NetdevConfig config) {
        this(NetdevSettings.of(config));
    }

    /** A driver on explicit settings (tests, plain Java): loads definitions, adopts active networks, autostarts. */
    public VirtualNetworkDriver(NetdevSettings settings) {
        this.settings = settings;
        this.netdev = new NetdevThread(settings.threadSetup());
        this.lifecycle = new NetworkLifecycle(settings, netdev);
        try {
            Files.createDirectories(settings.stateDir());
            Files.createDirectories(settings.runDir());
            new NetworkActivation(this, settings, netdev, lifecycle).load();
        } catch (IOException | RuntimeException e) {
            netdev.close();
            throw e instanceof RuntimeException r ? r
                    : new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.NETWORK, e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "network";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("qemu", "lxc");
    }

    /**
     * The host's networks for a local {@code qemu:///…} or {@code lxc:///…} connection; a URI naming a host
     * or a transport is another daemon's (libvirt's network driver is local only).
     */
    @Override
    public Optional<NetworkConnection> open(OpenRequest request, ConnectionEvents events) {
        URI uri = request.uri();
        if (request.transport().isPresent() || !schemes().contains(request.driverScheme())
                || (uri.getRawAuthority() != null && !uri.getRawAuthority().isEmpty())) {
            return Optional.empty();
        }
        synchronized (this) {
            if (closed) {
                return Optional.empty();
            }
            VirtualNetworkConnection connection = new VirtualNetworkConnection(this, events);
            connections.add(connection);
            return Optional.of(connection);
        }
    }

    /** Stops event reports and the kernel thread; active networks keep running (restart safety). */
    @Deactivate
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        connections.clear(); // core closes them; their calls fail with "network driver is closed" meanwhile
        netdev.close();
    }

    // ---------------------------------------------------------------------------------- for HostTapProvider

    NetdevThread netdev() {
        return netdev;
    }

    NetworkLifecycle lifecycle() {
        return lifecycle;
    }

    /**
     * The bridge of the active network {@code name}: the table and the network's fields are read briefly,
     * without waiting for any network's job (another network's start may be launching dnsmasq meanwhile).
     *
     * @throws VirtException NO_NETWORK when there is none, OPERATION_INVALID when it is not active
     */
    String activeBridge(String name) {
        VirtualNetwork net;
        synchronized (this) {
            net = networks.byName(name);
        }
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

    // ---------------------------------------------------------------------------------- table, for activation

    synchronized VirtualNetwork byName(String name) {
        return networks.byName(name);
    }

    synchronized void register(VirtualNetwork net) {
        networks.put(net);
    }

    synchronized List<VirtualNetwork> snapshot() {
        return List.copyOf(networks.values());
    }

    // ---------------------------------------------------------------------------------- operations

    /** A definition only (a config file write): under the table lock, which also keeps bridge names apart. */
    NetworkRef define(String xml) {
        checkOpen();
        NetworkDefinition parsed = NetworkXmlCodec.parse(xml);
        NetworkSupport.check(parsed);
        VirtualNetwork net;
        synchronized (this) {
            networks.rejectClash(parsed.uuid(), parsed.name());
            VirtualNetwork existing = networks.get(parsed.uuid());
            NetworkDefinition def = BridgeNames.complete(parsed, existing, networks.values(), netdev, random);
            NetworkLifecycle.writeAtomically(lifecycle.configFile(def.name()), NetworkXmlCodec.format(def));
            net = existing != null ? existing : new VirtualNetwork(def);
            synchronized (net) {
                net.persistent = def;
            }
            networks.put(net);
        }
        fire(net, NetworkEventType.DEFINED);
        return ref(net);
    }

    /**
     * A transient network (or a defined inactive one of the same name and UUID) started: its record and
     * bridge name are reserved under the table lock, the start runs in the network's job without it.
     */
    NetworkRef create(String xml) {
        checkOpen();
        NetworkDefinition parsed = NetworkXmlCodec.parse(xml);
        NetworkSupport.check(parsed);
        VirtualNetwork net;
        NetworkDefinition def;
        boolean added;
        synchronized (this) {
            networks.rejectClash(parsed.uuid(), parsed.name());
            VirtualNetwork existing = networks.get(parsed.uuid());
            if (existing != null && (existing.isActive() || isStarting(existing))) {
                throw alreadyActive();
            }
            def = BridgeNames.complete(parsed, existing, networks.values(), netdev, random);
            net = existing != null ? existing : new VirtualNetwork(def);
            added = existing == null;
            synchronized (net) {
                net.starting = def;
            }
            if (added) {
                networks.put(net);
            }
        }
        net.beginJob();
        try {
            startNetwork(net, def);
        } catch (RuntimeException e) {
            if (added) {
                synchronized (this) {
                    if (!net.isActive() && networks.get(net.uuid) == net) {
                        networks.remove(net);
                    }
                }
            }
            throw e;
        } finally {
            synchronized (net) {
                net.starting = null;
            }
            net.endJob();
        }
        return ref(net);
    }

    private static boolean isStarting(VirtualNetwork net) {
        synchronized (net) {
            return net.starting != null;
        }
    }

    /** Starts the persistent definition of {@code net} in its job. */
    void start(VirtualNetwork net) {
        net.beginJob();
        try {
            NetworkDefinition def;
            synchronized (this) {
                synchronized (net) {
                    if (net.live != null) {
                        throw alreadyActive();
                    }
                    def = net.persistent;
                    net.starting = def;
                }
            }
            try {
                startNetwork(net, def);
            } finally {
                synchronized (net) {
                    net.starting = null;
                }
            }
        } finally {
            net.endJob();
        }
    }

    /** Brings {@code def} up for {@code net}; the caller holds the network's job and no lock. */
    private void startNetwork(VirtualNetwork net, NetworkDefinition def) {
        if (net.isActive()) {
            throw alreadyActive();
        }
        StartedParts runtime = lifecycle.start(def);
        synchronized (net) {
            net.live = def;
            net.runtime = runtime;
        }
        fire(net, NetworkEventType.STARTED);
    }

    // ---------------------------------------------------------------------------------- for VirtualNetworkConnection

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

    String bridgeName(NetworkRef ref) {
        return find(ref).current().bridgeName();
    }

    void start(NetworkRef ref) {
        start(find(ref));
    }

    /** Marks the network inactive at once, then tears it down in its job, holding no lock. */
    void destroy(NetworkRef ref) {
        VirtualNetwork net = find(ref);
        net.beginJob();
        try {
            NetworkDefinition def;
            StartedParts runtime;
            boolean transientNet;
            synchronized (net) {
                if (net.live == null) {
                    throw notActive();
                }
                def = net.live;
                runtime = net.runtime;
                net.live = null;
                net.runtime = null;
                transientNet = net.persistent == null;
            }
            if (transientNet) {
                synchronized (this) {
                    networks.remove(net);
                }
            }
            try {
                lifecycle.teardown(def, runtime);
            } finally {
                fire(net, NetworkEventType.STOPPED);
            }
        } finally {
            net.endJob();
        }
    }

    void undefine(NetworkRef ref) {
        VirtualNetwork net = find(ref);
        net.beginJob();
        try {
            synchronized (this) {
                synchronized (net) {
                    if (net.persistent == null) {
                        throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NETWORK,
                                "can't undefine transient network");
                    }
                    NetworkLifecycle.deleteFile(lifecycle.configFile(net.name));
                    NetworkLifecycle.deleteFile(lifecycle.autostartFile(net.name));
                    net.persistent = null;
                    net.autostart = false;
                    if (net.live == null) {
                        networks.remove(net);
                        DnsmasqProcess.removeAllFiles(settings.runDir(), net.name);
                    }
                }
            }
            fire(net, NetworkEventType.UNDEFINED);
        } finally {
            net.endJob();
        }
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

    void setAutostart(NetworkRef ref, boolean autostart) {
        VirtualNetwork net = find(ref);
        net.beginJob();
        try {
            synchronized (net) {
                if (net.persistent == null) {
                    throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NETWORK,
                            "cannot set autostart for transient network");
                }
            }
            if (autostart) {
                NetworkLifecycle.writeAtomically(lifecycle.autostartFile(net.name), "");
            } else {
                NetworkLifecycle.deleteFile(lifecycle.autostartFile(net.name));
            }
            synchronized (net) {
                net.autostart = autostart;
            }
        } finally {
            net.endJob();
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

    void closed(VirtualNetworkConnection connection) {
        connections.remove(connection);
    }

    /** The network {@code ref} names, found again by UUID: NO_NETWORK once it has gone. */
    private synchronized VirtualNetwork find(NetworkRef ref) {
        checkOpen();
        VirtualNetwork net = networks.get(ref.uuid());
        if (net == null) {
            throw new VirtException(ErrorCode.NO_NETWORK, ErrorDomain.NETWORK,
                    "no network with matching uuid '" + ref.uuid() + "' (" + ref.name() + ")");
        }
        return net;
    }

    private static NetworkRef ref(VirtualNetwork net) {
        return new NetworkRef(net.name, net.uuid);
    }

    private void checkOpen() {
        if (closed) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NETWORK, "network driver is closed");
        }
    }

    /** Reports to every connection that listens; core only queues, so this may hold any lock. */
    private void fire(VirtualNetwork net, NetworkEventType type) {
        NetworkRef ref = ref(net);
        for (VirtualNetworkConnection c : connections) {
            c.report(ref, type);
        }
    }

    private static VirtException noNetworkNamed(String name) {
        return new VirtException(ErrorCode.NO_NETWORK, ErrorDomain.NETWORK,
                "no network with matching name '" + name + "'");
    }

    private static VirtException alreadyActive() {
        return new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NETWORK, "network is already active");
    }

    private static VirtException notActive() {
        return new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NETWORK, "network is not active");
    }
}
