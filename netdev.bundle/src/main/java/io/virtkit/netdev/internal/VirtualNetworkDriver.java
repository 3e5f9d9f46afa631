package io.virtkit.netdev.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Inet4Address;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
import io.virtkit.support.DomainTable;

/**
 * libvirt's network driver for {@code qemu:///…} and {@code lxc:///…} connections: virtual networks
 * with a bridge of their own (isolated, NAT, routed) or on an existing host bridge. One state per
 * driver instance, guarded by the driver's lock; all kernel work runs on its {@link NetdevThread}.
 * Persistent XML lives in the state directory, a status file per active network in the run
 * directory, so a new instance adopts running bridges and dnsmasq instances instead of recreating them.
 */
@Component(service = {NetworkDriver.class, VirtualNetworkDriver.class}, configurationPid = VirtualNetworkDriver.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = NetdevConfig.class)
public final class VirtualNetworkDriver implements NetworkDriver {

    static final String PID = "io.virtkit.netdev";
    private static final System.Logger LOG = System.getLogger(VirtualNetworkDriver.class.getName());
    private static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");

    private final NetdevSettings settings;
    private final NetdevThread netdev;
    private final NatFirewall firewall;
    private final DomainTable<VirtualNetwork> networks =
            new DomainTable<>(VirtualNetwork::uuid, VirtualNetwork::name, "network", ErrorDomain.NETWORK);
    private final List<VirtualNetworkConnection> connections = new CopyOnWriteArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private boolean closed; // guarded by this

    @Activate
    public VirtualNetworkDriver(NetdevConfig config) {
        this(NetdevSettings.of(config));
    }

    /** A driver on explicit settings (tests, plain Java): loads definitions, adopts active networks, autostarts. */
    public VirtualNetworkDriver(NetdevSettings settings) {
        this.settings = settings;
        this.netdev = new NetdevThread(settings.threadSetup());
        this.firewall = new NatFirewall(settings.launcher(), settings.nft());
        try {
            Files.createDirectories(settings.stateDir());
            Files.createDirectories(settings.runDir());
            synchronized (this) {
                load();
            }
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

    /**
     * The bridge of the active network {@code name}.
     *
     * @throws VirtException NO_NETWORK when there is none, OPERATION_INVALID when it is not active
     */
    synchronized String activeBridge(String name) {
        VirtualNetwork net = networks.byName(name);
        if (net == null) {
            throw noNetworkNamed(name);
        }
        if (net.live == null) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NETWORK,
                    "network '" + name + "' is not active");
        }
        return net.live.bridgeName();
    }

    // ---------------------------------------------------------------------------------- state

    /** One network: its persistent definition (null when transient) and its live one (null when inactive). */
    private static final class VirtualNetwork {
        final UUID uuid;
        final String name;
        NetworkDefinition persistent;
        NetworkDefinition live;
        StartedParts runtime;
        boolean autostart;

        VirtualNetwork(NetworkDefinition def) {
            this.uuid = def.uuid();
            this.name = def.name();
        }

        UUID uuid() {
            return uuid;
        }

        String name() {
            return name;
        }

        NetworkDefinition current() {
            return live != null ? live : persistent;
        }
    }

    /** What a start created, so destroy undoes exactly that. */
    private record StartedParts(boolean bridgeCreated, DnsmasqProcess dnsmasq, boolean firewall) {
    }

    private Path configFile(String name) {
        return settings.stateDir().resolve(name + ".xml");
    }

    private Path autostartFile(String name) {
        return settings.stateDir().resolve(name + ".autostart");
    }

    private Path statusFile(String name) {
        return settings.runDir().resolve(name + ".xml");
    }

    /** The intent record of a start under way: what a daemon killed meanwhile may have left. */
    private Path startingFile(String name) {
        return settings.runDir().resolve(name + ".starting");
    }

    private void load() throws IOException {
        for (Path p : xmlFiles(settings.stateDir())) {
            try {
                NetworkDefinition def = NetworkXmlCodec.parse(Files.readString(p, StandardCharsets.UTF_8));
                VirtualNetwork net = new VirtualNetwork(def);
                net.persistent = def;
                net.autostart = Files.exists(autostartFile(def.name()));
                networks.put(net);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "skipping network definition " + p + ": " + e.getMessage());
            }
        }
        for (Path p : xmlFiles(settings.runDir())) {
            adopt(p);
        }
        try (Stream<Path> s = Files.list(settings.runDir())) {
            for (Path p : s.sorted().toList()) {
                String file = p.getFileName().toString();
                if (file.endsWith(".starting")) {
                    recoverInterruptedStart(p);
                } else if (file.startsWith(".") && file.endsWith(".tmp")) {
                    deleteFile(p); // a write the killed daemon never finished (see AtomicFiles.write)
                }
            }
        }
        for (VirtualNetwork net : List.copyOf(networks.values())) {
            if (net.autostart && net.live == null) {
                try {
                    startNetwork(net, net.persistent);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "autostart of network '" + net.name + "' failed: " + e.getMessage());
                }
            }
        }
    }

    private static List<Path> xmlFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".xml")).sorted().toList();
        }
    }

    /** Takes over a network a previous instance started, or cleans up after it when its bridge is gone. */
    private void adopt(Path statusFile) {
        NetworkDefinition def;
        try {
            def = NetworkXmlCodec.parse(Files.readString(statusFile, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "ignoring status file " + statusFile + ": " + e.getMessage());
            return;
        }
        Optional<DnsmasqProcess> dnsmasq = DnsmasqProcess.find(def.name(), settings.runDir(), settings.dnsmasq());
        boolean bridgeThere = netdev.call(() -> netdev.netlink().exists(def.bridgeName()));
        VirtualNetwork known = networks.byName(def.name());
        boolean clash = known != null && !known.uuid.equals(def.uuid());
        if (!bridgeThere || clash) {
            LOG.log(Level.WARNING, "network '" + def.name() + "' is no longer running; cleaning up");
            teardown(def, new StartedParts(bridgeThere && def.forwardMode().managesBridge() && !clash,
                    dnsmasq.orElse(null), isRouted(def)));
            return;
        }
        VirtualNetwork net = known != null ? known : new VirtualNetwork(def);
        net.live = def;
        net.runtime = new StartedParts(def.forwardMode().managesBridge(), dnsmasq.orElse(null),
                def.forwardMode() == ForwardMode.NAT);
        networks.put(net);
    }

    /**
     * A start the previous instance never finished (it was killed): its network is not active, so
     * whatever of it exists goes, found from the names the intent record fixes, not from what the dead
     * instance may have recorded later: the NAT table, every dnsmasq with the network's config file on
     * its command line (one that never wrote its pid file too), the bridge. A record whose start did
     * finish (its status file was adopted) is only removed.
     */
    private void recoverInterruptedStart(Path intent) {
        NetworkDefinition def;
        try {
            def = NetworkXmlCodec.parse(Files.readString(intent, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "ignoring unreadable start record " + intent + ": " + e.getMessage());
            deleteFile(intent);
            return;
        }
        VirtualNetwork known = networks.byName(def.name());
        if (known != null && known.live != null) {
            deleteFile(intent);
            return;
        }
        LOG.log(Level.WARNING, "network '" + def.name() + "' was not fully started when the daemon stopped; "
                + "cleaning up");
        List<Runnable> steps = new ArrayList<>();
        if (def.forwardMode() == ForwardMode.NAT) {
            steps.add(() -> firewall.remove(def.name()));
        }
        steps.add(() -> DnsmasqProcess.killLaunched(def.name(), settings.runDir()));
        if (def.forwardMode().managesBridge() && def.bridgeName() != null) {
            steps.add(() -> netdev.run(() -> {
                if (netdev.netlink().exists(def.bridgeName())) {
                    netdev.netlink().deleteLink(def.bridgeName());
                }
            }));
        }
        steps.add(() -> deleteFile(statusFile(def.name())));
        steps.add(() -> deleteFile(intent));
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cleaning up after the interrupted start of network '" + def.name()
                        + "': " + e.getMessage());
            }
        }
    }

    // ---------------------------------------------------------------------------------- operations

    synchronized NetworkRef define(String xml) {
        checkOpen();
        NetworkDefinition def = NetworkXmlCodec.parse(xml);
        networks.rejectClash(def.uuid(), def.name());
        VirtualNetwork existing = networks.get(def.uuid());
        def = completeDefinition(def, existing);
        writeAtomically(configFile(def.name()), NetworkXmlCodec.format(def));
        VirtualNetwork net = existing != null ? existing : new VirtualNetwork(def);
        net.persistent = def;
        networks.put(net);
        fire(net, NetworkEventType.DEFINED);
        return ref(net);
    }

    synchronized NetworkRef create(String xml) {
        checkOpen();
        NetworkDefinition def = NetworkXmlCodec.parse(xml);
        networks.rejectClash(def.uuid(), def.name());
        VirtualNetwork existing = networks.get(def.uuid());
        if (existing != null && existing.live != null) {
            throw alreadyActive();
        }
        def = completeDefinition(def, existing);
        VirtualNetwork net = existing != null ? existing : new VirtualNetwork(def);
        boolean added = existing == null;
        if (added) {
            networks.put(net);
        }
        try {
            startNetwork(net, def);
        } catch (RuntimeException e) {
            if (added) {
                networks.remove(net);
            }
            throw e;
        }
        return ref(net);
    }

    /** Fills in what the driver picks: a free {@code virbr<N>} bridge and a bridge MAC; checks bridge clashes. */
    private NetworkDefinition completeDefinition(NetworkDefinition def, VirtualNetwork self) {
        if (!def.forwardMode().managesBridge()) {
            if (def.bridgeName() == null) {
                throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.NETWORK,
                        "network '" + def.name() + "' has forward mode 'bridge' but no bridge name");
            }
            return def;
        }
        Set<String> taken = new HashSet<>();
        for (VirtualNetwork other : networks.values()) {
            if (other != self) {
                for (NetworkDefinition d : new NetworkDefinition[] {other.persistent, other.live}) {
                    if (d != null && d.forwardMode().managesBridge()) {
                        taken.add(d.bridgeName());
                    }
                }
            }
        }
        if (def.bridgeName() == null) {
            String previous = self == null || self.current() == null ? null : self.current().bridgeName();
            if (previous != null && !taken.contains(previous)) {
                def = def.withBridgeName(previous);
            } else {
                def = def.withBridgeName(freeBridgeName(taken));
            }
        } else if (taken.contains(def.bridgeName())) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.NETWORK,
                    "bridge name '" + def.bridgeName() + "' already in use.");
        }
        if (def.mac() == null) {
            String previous = self == null || self.current() == null ? null : self.current().mac();
            def = def.withMac(previous != null ? previous : randomMac());
        }
        return def;
    }

    private String freeBridgeName(Set<String> taken) {
        return netdev.call(() -> {
            for (int n = 0; n < 256; n++) {
                String candidate = "virbr" + n;
                if (!taken.contains(candidate) && !netdev.netlink().exists(candidate)) {
                    return candidate;
                }
            }
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.NETWORK,
                    "Bridge generation exceeded max id 256");
        });
    }

    /** libvirt's prefix 52:54:00 with three random bytes: locally administered, never multicast. */
    private String randomMac() {
        byte[] b = new byte[3];
        random.nextBytes(b);
        return String.format("52:54:00:%02x:%02x:%02x", b[0] & 0xFF, b[1] & 0xFF, b[2] & 0xFF);
    }

    private void startNetwork(VirtualNetwork net, NetworkDefinition def) {
        if (net.live != null) {
            throw alreadyActive();
        }
        // the intent record, before anything exists: an instance killed from here on leaves it for the
        // next one, which removes what this start made (recoverInterruptedStart)
        Path intent = startingFile(def.name());
        writeAtomically(intent, NetworkXmlCodec.format(def));
        StartedParts runtime;
        try {
            runtime = bringUp(def);
        } catch (RuntimeException e) {
            deleteFile(intent);
            throw e;
        }
        try {
            writeAtomically(statusFile(def.name()), NetworkXmlCodec.format(def));
        } catch (RuntimeException e) {
            teardown(def, runtime);
            deleteFile(intent);
            throw e;
        }
        deleteFile(intent);
        net.live = def;
        net.runtime = runtime;
        fire(net, NetworkEventType.STARTED);
    }

    /** Everything a start does, in libvirt's order; on a failure every step done so far is undone. */
    private StartedParts bringUp(NetworkDefinition def) {
        Deque<Runnable> undo = new ArrayDeque<>();
        try {
            boolean bridgeCreated = false;
            String bridge = def.bridgeName();
            if (def.forwardMode().managesBridge()) {
                netdev.run(() -> netdev.netlink().createBridge(bridge));
                undo.push(() -> netdev.run(() -> netdev.netlink().deleteLink(bridge)));
                bridgeCreated = true;
                netdev.run(() -> {
                    Rtnetlink nl = netdev.netlink();
                    if (def.mac() != null) {
                        nl.setMac(bridge, MacAddress.parse(def.mac()));
                    }
                    if (def.mtu() != null) {
                        nl.setMtu(bridge, def.mtu());
                    }
                    for (NetworkIp ip : def.ips()) {
                        nl.addAddress(bridge, ipv4(ip.address()), ip.prefix());
                    }
                    nl.setUp(bridge, true);
                });
            } else {
                LinkInfo link = netdev.call(() -> netdev.netlink().requireLink(bridge));
                if (!link.kind().filter("bridge"::equals).isPresent()) {
                    throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.NETWORK,
                            "host device '" + bridge + "' of network '" + def.name() + "' is not a bridge");
                }
            }
            DnsmasqProcess dnsmasq = null;
            Optional<DnsmasqConfig> cfg = dnsmasqConfig(def);
            if (cfg.isPresent()) {
                dnsmasq = DnsmasqProcess.start(cfg.get(), settings.runDir(), settings.launcher(), settings.dnsmasq());
                DnsmasqProcess started = dnsmasq;
                undo.push(started::stop);
            }
            boolean fw = false;
            if (def.forwardMode() == ForwardMode.NAT) {
                NetworkIp ip = def.ips().stream().findFirst().orElseThrow(() -> new VirtException(
                        ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.NETWORK,
                        "network '" + def.name() + "' has forward mode 'nat' but no IPv4 address"));
                firewall.install(def.name(), bridge, ipv4(ip.address()), ip.prefix());
                undo.push(() -> firewall.remove(def.name()));
                fw = true;
            }
            if (isRouted(def)) {
                // per network namespace: written from the kernel thread, which is in the right one
                netdev.run(() -> Files.writeString(IP_FORWARD, "1\n"));
            }
            return new StartedParts(bridgeCreated, dnsmasq, fw);
        } catch (RuntimeException e) {
            while (!undo.isEmpty()) {
                try {
                    undo.pop().run();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private static boolean isRouted(NetworkDefinition def) {
        return def.forwardMode() == ForwardMode.NAT || def.forwardMode() == ForwardMode.ROUTE;
    }

    /** dnsmasq serves DNS on any network with an address of its own and DHCP on the address that has it. */
    private static Optional<DnsmasqConfig> dnsmasqConfig(NetworkDefinition def) {
        if (!def.forwardMode().managesBridge() || def.ips().isEmpty()) {
            return Optional.empty();
        }
        NetworkIp ip = def.dhcpIp().orElse(def.ips().get(0));
        Optional<DnsmasqConfig.DhcpRange> range = ip.dhcpRanges().stream().findFirst()
                .map(r -> new DnsmasqConfig.DhcpRange(ipv4(r.start()), ipv4(r.end())));
        List<DnsmasqConfig.DhcpHost> hosts = ip.dhcpHosts().stream().filter(h -> h.mac() != null)
                .map(h -> new DnsmasqConfig.DhcpHost(MacAddress.parse(h.mac()), ipv4(h.ip()),
                        Optional.ofNullable(h.name())))
                .toList();
        return Optional.of(new DnsmasqConfig(def.name(), def.bridgeName(), ipv4(ip.address()), ip.prefix(), range,
                hosts, Optional.ofNullable(def.domainName())));
    }

    private static Ipv4 ipv4(Inet4Address a) {
        return Ipv4.of(a.getAddress());
    }

    /** Undoes a start; every step is tried, the first failure is thrown after all of them. */
    private void teardown(NetworkDefinition def, StartedParts runtime) {
        RuntimeException first = null;
        List<Runnable> steps = new ArrayList<>();
        if (runtime.firewall()) {
            steps.add(() -> firewall.remove(def.name()));
        }
        if (runtime.dnsmasq() != null) {
            steps.add(runtime.dnsmasq()::stop);
        }
        if (runtime.bridgeCreated()) {
            steps.add(() -> netdev.run(() -> {
                if (netdev.netlink().exists(def.bridgeName())) {
                    netdev.netlink().deleteLink(def.bridgeName());
                }
            }));
        }
        steps.add(() -> deleteFile(statusFile(def.name())));
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    // ---------------------------------------------------------------------------------- for VirtualNetworkConnection

    synchronized List<NetworkRef> list(Set<NetworkListFlag> flags) {
        checkOpen();
        List<NetworkRef> out = new ArrayList<>();
        for (VirtualNetwork net : networks.values()) {
            if (matches(net, flags)) {
                out.add(ref(net));
            }
        }
        return out;
    }

    /** libvirt's filter: flags of one group widen (either holds), groups narrow each other. */
    private static boolean matches(VirtualNetwork net, Set<NetworkListFlag> flags) {
        boolean[] wanted = new boolean[3];
        boolean[] have = new boolean[3];
        for (NetworkListFlag f : flags) {
            wanted[f.group()] = true;
            boolean holds = switch (f) {
                case ACTIVE -> net.live != null;
                case INACTIVE -> net.live == null;
                case PERSISTENT -> net.persistent != null;
                case TRANSIENT -> net.persistent == null;
                case AUTOSTART -> net.autostart;
                case NO_AUTOSTART -> !net.autostart;
            };
            have[f.group()] |= holds;
        }
        for (int g = 0; g < 3; g++) {
            if (wanted[g] && !have[g]) {
                return false;
            }
        }
        return true;
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

    synchronized String bridgeName(NetworkRef ref) {
        return find(ref).current().bridgeName();
    }

    synchronized void start(NetworkRef ref) {
        VirtualNetwork net = find(ref);
        startNetwork(net, net.persistent);
    }

    synchronized void destroy(NetworkRef ref) {
        VirtualNetwork net = find(ref);
        if (net.live == null) {
            throw notActive();
        }
        NetworkDefinition def = net.live;
        StartedParts runtime = net.runtime;
        net.live = null;
        net.runtime = null;
        if (net.persistent == null) {
            networks.remove(net);
        }
        try {
            teardown(def, runtime);
        } finally {
            fire(net, NetworkEventType.STOPPED);
        }
    }

    synchronized void undefine(NetworkRef ref) {
        VirtualNetwork net = find(ref);
        if (net.persistent == null) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NETWORK,
                    "can't undefine transient network");
        }
        deleteFile(configFile(net.name));
        deleteFile(autostartFile(net.name));
        net.persistent = null;
        net.autostart = false;
        if (net.live == null) {
            networks.remove(net);
            DnsmasqProcess.removeAllFiles(settings.runDir(), net.name);
        }
        fire(net, NetworkEventType.UNDEFINED);
    }

    /** The live definition, or the persistent one when {@code inactive} and there is one. */
    synchronized String xml(NetworkRef ref, boolean inactive) {
        VirtualNetwork net = find(ref);
        NetworkDefinition def = inactive && net.persistent != null ? net.persistent : net.current();
        return NetworkXmlCodec.format(def);
    }

    synchronized boolean autostart(NetworkRef ref) {
        return find(ref).autostart;
    }

    synchronized void setAutostart(NetworkRef ref, boolean autostart) {
        VirtualNetwork net = find(ref);
        if (net.persistent == null) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NETWORK,
                    "cannot set autostart for transient network");
        }
        if (autostart) {
            writeAtomically(autostartFile(net.name), "");
        } else {
            deleteFile(autostartFile(net.name));
        }
        net.autostart = autostart;
    }

    synchronized boolean isActive(NetworkRef ref) {
        return find(ref).live != null;
    }

    synchronized boolean isPersistent(NetworkRef ref) {
        return find(ref).persistent != null;
    }

    /** dnsmasq's leases of an active network with DHCP; only {@code mac}'s when it is not null. */
    synchronized List<NetworkDhcpLease> leases(NetworkRef ref, String mac) {
        VirtualNetwork net = find(ref);
        NetworkDefinition def = net.current();
        Optional<NetworkIp> ip = def.dhcpIp();
        if (net.live == null || ip.isEmpty()) {
            return List.of();
        }
        Path leaseFile = DnsmasqProcess.InstanceFiles.of(settings.runDir(), net.name).leaseFile();
        return DnsmasqProcess.leases(leaseFile).stream()
                .filter(l -> mac == null || l.mac().toString().equalsIgnoreCase(mac))
                .map(l -> new NetworkDhcpLease(def.bridgeName(), l.expiry().orElse(null), l.mac().toString(),
                        l.ip().toString(), ip.get().prefix(), l.hostname().orElse(null), l.clientId().orElse(null)))
                .toList();
    }

    void closed(VirtualNetworkConnection connection) {
        connections.remove(connection);
    }

    /** The network {@code ref} names, found again by UUID: NO_NETWORK once it has gone. */
    private VirtualNetwork find(NetworkRef ref) {
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

    /** Reports to every connection that listens; core only queues, so this may hold the driver's lock. */
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

    /** Write-then-rename, so a crash leaves the old file or the new one, never half of one. */
    private static void writeAtomically(Path file, String text) {
        try {
            io.virtkit.support.AtomicFiles.write(file, text);
        } catch (IOException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.NETWORK,
                    "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void deleteFile(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (NoSuchFileException ignored) {
            // gone already
        } catch (IOException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.NETWORK,
                    "cannot delete " + file + ": " + e.getMessage(), e);
        }
    }
}
