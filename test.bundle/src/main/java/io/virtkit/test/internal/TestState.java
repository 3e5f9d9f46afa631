package io.virtkit.test.internal;

import io.virtkit.api.DeviceModifyFlag;
import io.virtkit.model.domain.DomainDevices;
import io.virtkit.model.domain.InterfaceDevice;
import io.virtkit.support.DeviceChanges;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainInfo;
import io.virtkit.api.DomainListFlag;
import io.virtkit.api.DomainState;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.NetworkEventType;
import io.virtkit.api.NetworkListFlag;
import io.virtkit.api.NodeInfo;
import io.virtkit.api.StartFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.model.domain.LifecycleAction;
import io.virtkit.model.network.NetworkDefinition;
import io.virtkit.model.network.NetworkXmlCodec;
import io.virtkit.support.DomainErrors;
import io.virtkit.support.DomainListFilter;
import io.virtkit.support.DomainLookup;
import io.virtkit.support.DomainTable;

/**
 * One fake hypervisor: its node, its domains and the connections that watch it, libvirt's
 * {@code testDriver}. test:///default has one shared by every connection; a node file gives each
 * connection its own. One lock guards everything: every operation checks all its preconditions before
 * it changes anything, so a failed call leaves the state as it was. Events are queued to the
 * connections' dispatchers while still holding the lock, which keeps them in the order of the changes;
 * they are delivered later, on the dispatchers' threads.
 */
final class TestState implements DomainLookup<TestState.Ref> {

    /** Domain handles carry these two facts; the connection turns them into {@code Domain}s. */
    record Ref(UUID uuid, String name) {
    }

    private final NodeInfo nodeInfo;
    private final String capabilities;
    private final LongSupplier clock;
    private final DomainTable<DomainObject> domains = new DomainTable<>(DomainObject::uuid, DomainObject::name); // guarded by this
    private final DomainTable<NetworkObject> networks = new DomainTable<>(NetworkObject::uuid, NetworkObject::name,
            "network", ErrorDomain.NETWORK); // guarded by this
    private final List<TestConnection> connections = new CopyOnWriteArrayList<>();
    private int nextId = 1; // guarded by this

    TestState(NodeInfo nodeInfo, String capabilities, LongSupplier clock) {
        this.nodeInfo = nodeInfo;
        this.capabilities = capabilities;
        this.clock = clock;
    }

    NodeInfo nodeInfo() {
        return nodeInfo;
    }

    String capabilities() {
        return capabilities;
    }

    // ---- connections -------------------------------------------------------------------------

    void attach(TestConnection connection) {
        connections.add(connection);
    }

    /** Forgets {@code connection} and destroys the domains it started with AUTODESTROY. */
    synchronized void detach(TestConnection connection) {
        connections.remove(connection);
        for (DomainObject d : List.copyOf(domains.values())) {
            if (d.autodestroyOwner == connection && d.isActive()) {
                stop(d, DomainStateReason.SHUTOFF_DESTROYED, DomainEventDetail.STOPPED_DESTROYED);
            }
        }
    }

    // ---- loading (node files and the default state) ----------------------------------------

    /**
     * Adds a domain as a node file describes it: persistent unless {@code transient}, in
     * {@code runState} with libvirt's "unknown" reason, running ones with the next id. No events.
     */
    synchronized void load(DomainDefinition def, boolean persistent, DomainState runState) {
        DomainDefinition checked = prepare(def);
        Ref clash = clash(checked);
        if (clash != null || domains.contains(checked.uuid())) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.DOMAIN,
                    "domain '" + checked.name() + "' already exists");
        }
        DomainObject d = new DomainObject(checked, persistent);
        DomainStateReason reason = DomainStateReason.of(runState, 0);
        if (runState.isActive()) {
            d.markStarted(nextId++, reason, clock.getAsLong());
        } else {
            d.setState(reason, clock.getAsLong());
        }
        add(d);
    }

    // ---- lookups -----------------------------------------------------------------------------

    @Override
    public synchronized List<Ref> list(DomainListFlag... flags) {
        DomainListFilter filter = DomainListFilter.of(flags);
        List<Ref> result = new ArrayList<>();
        for (DomainObject d : domains.values()) {
            if (filter.matches(d.isActive(), d.persistent, d.state(), d.autostart)) {
                result.add(ref(d));
            }
        }
        return result;
    }

    @Override
    public synchronized Ref lookupByName(String name) {
        DomainObject d = domains.byName(name);
        if (d != null) {
            return ref(d);
        }
        throw DomainErrors.noDomainWithName(ErrorDomain.TEST, name);
    }

    @Override
    public synchronized Ref lookupByUuid(UUID uuid) {
        DomainObject d = uuid == null ? null : domains.get(uuid);
        if (d == null) {
            throw DomainErrors.noDomainWithUuid(ErrorDomain.TEST, uuid);
        }
        return ref(d);
    }

    @Override
    public synchronized Ref lookupById(int id) {
        for (DomainObject d : domains.values()) {
            if (d.isActive() && d.id == id) {
                return ref(d);
            }
        }
        throw DomainErrors.noDomainWithId(ErrorDomain.TEST, id);
    }

    // ---- define / create ----------------------------------------------------------------------

    synchronized Ref define(String xml) {
        DomainDefinition def = prepare(DomainXmlCodec.parse(xml));
        rejectClash(def);
        DomainObject existing = domains.get(def.uuid());
        if (existing == null) {
            DomainObject d = new DomainObject(def, true);
            add(d);
            emit(d, DomainEventDetail.DEFINED_ADDED);
            return ref(d);
        }
        boolean wasPersistent = existing.persistent;
        if (existing.isActive()) {
            // the running configuration stays until the domain stops
            existing.nextDef = def;
        } else {
            existing.def = def;
        }
        existing.persistent = true;
        emit(existing, wasPersistent ? DomainEventDetail.DEFINED_UPDATED : DomainEventDetail.DEFINED_ADDED);
        return ref(existing);
    }

    /** Starts {@code xml} as a transient domain, or an inactive defined one of the same name and UUID. */
    synchronized Ref create(String xml, TestConnection caller, Set<StartFlag> flags) {
        DomainDefinition def = prepare(DomainXmlCodec.parse(xml));
        rejectClash(def);
        DomainObject existing = domains.get(def.uuid());
        if (existing != null && existing.isActive()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                    "domain '" + def.name() + "' is already active");
        }
        DomainObject d;
        if (existing == null) {
            d = new DomainObject(def, false);
            add(d);
        } else {
            // a defined domain runs the given configuration this once and keeps its persistent one
            d = existing;
            d.nextDef = d.def;
            d.def = def;
        }
        boot(d, caller, flags);
        return ref(d);
    }

    // ---- domain operations ------------------------------------------------------------------

    synchronized void start(Ref ref, TestConnection caller, Set<StartFlag> flags) {
        DomainObject d = find(ref);
        if (d.isActive()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.TEST, "domain is already running");
        }
        boot(d, caller, flags);
    }

    synchronized void shutdown(Ref ref) {
        DomainObject d = find(ref);
        if (!d.isActive()) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.TEST,
                    "domain '" + ref.name() + "' not running");
        }
        // the guest powers off at once and the domain does what its on_poweroff says
        lifecycleAction(d, d.def.onPoweroff());
    }

    synchronized void destroy(Ref ref) {
        DomainObject d = find(ref);
        if (!d.isActive()) {
            throw DomainErrors.notRunning();
        }
        stop(d, DomainStateReason.SHUTOFF_DESTROYED, DomainEventDetail.STOPPED_DESTROYED);
    }

    synchronized void suspend(Ref ref) {
        DomainObject d = find(ref);
        if (!d.isActive() || d.state() == DomainState.PAUSED) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.TEST,
                    "domain '" + ref.name() + "' not running");
        }
        d.setState(DomainStateReason.PAUSED_USER, clock.getAsLong());
        emit(d, DomainEventDetail.SUSPENDED_PAUSED);
    }

    synchronized void resume(Ref ref) {
        DomainObject d = find(ref);
        if (d.state() != DomainState.PAUSED) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.TEST,
                    "domain '" + ref.name() + "' not paused");
        }
        d.setState(DomainStateReason.RUNNING_UNPAUSED, clock.getAsLong());
        emit(d, DomainEventDetail.RESUMED_UNPAUSED);
    }

    /** The guest reboots at once and the domain does what its on_reboot says (restart: same id, no event). */
    synchronized void reboot(Ref ref) {
        DomainObject d = find(ref);
        if (!d.isActive()) {
            throw DomainErrors.notRunning();
        }
        lifecycleAction(d, d.def.onReboot());
    }

    /** As libvirt's test driver: restarting actions keep it running (booted), all others stop it. */
    private void lifecycleAction(DomainObject d, LifecycleAction action) {
        if (action == LifecycleAction.RESTART || action == LifecycleAction.RENAME_RESTART) {
            d.setState(DomainStateReason.RUNNING_BOOTED, clock.getAsLong());
        } else {
            stop(d, DomainStateReason.SHUTOFF_SHUTDOWN, DomainEventDetail.STOPPED_SHUTDOWN);
        }
    }

    synchronized void undefine(Ref ref) {
        DomainObject d = find(ref);
        if (!d.persistent) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                    "cannot undefine transient domain");
        }
        emit(d, DomainEventDetail.UNDEFINED_REMOVED);
        if (d.isActive()) {
            d.persistent = false;
            d.nextDef = null;
        } else {
            forget(d);
        }
    }

    synchronized DomainStateInfo state(Ref ref) {
        return find(ref).stateInfo();
    }

    synchronized DomainInfo info(Ref ref) {
        DomainObject d = find(ref);
        DomainDefinition def = d.def;
        long current = def.currentMemoryKiB() > 0 ? def.currentMemoryKiB() : def.memoryKiB();
        return new DomainInfo(d.state(), def.memoryKiB(), current, def.vcpus(), d.cpuTimeNanos(clock.getAsLong()));
    }

    synchronized String xml(Ref ref, Set<XmlFlag> flags) {
        DomainObject d = find(ref);
        XmlFlag[] secure = flags.contains(XmlFlag.SECURE) ? new XmlFlag[] {XmlFlag.SECURE} : new XmlFlag[0];
        if (flags.contains(XmlFlag.INACTIVE)) {
            return DomainXmlCodec.format(d.persistentDef(), secure);
        }
        return d.isActive() ? DomainXmlCodec.formatLive(d.def, d.id, secure) : DomainXmlCodec.format(d.def, secure);
    }

    /**
     * Adds or removes an {@code <interface>} in the live and/or persistent definition; the test driver has
     * no real devices, so a change is only a change of definitions.
     */
    synchronized void changeDevice(Ref ref, String deviceXml, boolean attach, Set<DeviceModifyFlag> flags) {
        DomainObject d = find(ref);
        DeviceChanges.Impact impact = DeviceChanges.impact(d.isActive(), d.persistent, flags);
        DeviceChanges.InterfaceChange change = DeviceChanges.parseInterface(deviceXml, attach, impact,
                ErrorDomain.TEST);
        // compute both results first so that a failure leaves both definitions untouched
        DomainDefinition live = impact.live() ? changed(d.def, change, attach) : null;
        DomainDefinition config = impact.config() ? changed(d.persistentDef(), change, attach) : null;
        if (live != null) {
            if (d.persistent && d.nextDef == null) {
                d.nextDef = d.def; // the persistent definition stays as it was
            }
            d.def = live;
        }
        if (config != null) {
            if (d.isActive()) {
                d.nextDef = config;
            } else {
                d.def = config;
            }
        }
    }

    private static DomainDefinition changed(DomainDefinition def, DeviceChanges.InterfaceChange change, boolean attach) {
        DomainDevices devices = def.devices();
        List<InterfaceDevice> interfaces;
        if (attach) {
            interfaces = DeviceChanges.withInterface(devices.interfaces(), change.device(), ErrorDomain.TEST);
        } else {
            interfaces = new ArrayList<>(devices.interfaces());
            interfaces.remove(DeviceChanges.find(interfaces, change, ErrorDomain.TEST));
        }
        return def.withDevices(new DomainDevices(devices.emulator(), devices.disks(), devices.filesystems(),
                interfaces, devices.serials(), devices.consoles(), devices.graphics()));
    }

    synchronized boolean autostart(Ref ref) {
        return find(ref).autostart;
    }

    synchronized void setAutostart(Ref ref, boolean autostart) {
        DomainObject d = find(ref);
        if (!d.persistent) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                    "cannot set autostart for transient domain");
        }
        d.autostart = autostart;
    }

    synchronized boolean isActive(Ref ref) {
        return find(ref).isActive();
    }

    synchronized boolean isPersistent(Ref ref) {
        return find(ref).persistent;
    }

    /** The id of the domain {@code ref} names, -1 when inactive or gone (for references, never failing). */
    synchronized int idOrNone(Ref ref) {
        DomainObject d = domains.get(ref.uuid());
        return d == null ? -1 : d.id;
    }

    synchronized int id(Ref ref) {
        return find(ref).id;
    }

    // ---- networks ------------------------------------------------------------------------------
    //
    // As libvirt's test driver, except where it has plain bugs: a definition given while a network is
    // active takes effect when it stops (libvirt's test driver drops it), destroying an inactive network
    // fails as libvirt's network driver fails (the test driver "succeeds"), and a transient network
    // cannot be autostarted (as domains and libvirt's network driver).

    /** Adds a network as a node file or the default state describes it: persistent and active. No events. */
    synchronized void loadNetwork(NetworkDefinition def) {
        networks.rejectClash(def.uuid(), def.name());
        if (networks.contains(def.uuid())) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.NETWORK,
                    "network '" + def.name() + "' already exists");
        }
        NetworkObject n = new NetworkObject(def, true);
        n.active = true;
        networks.put(n);
    }

    synchronized List<Ref> listNetworks(NetworkListFlag... flags) {
        int[] groups = new int[3];
        if (flags != null) {
            for (NetworkListFlag f : flags) {
                if (f != null) {
                    groups[f.group()] |= f.bit();
                }
            }
        }
        List<Ref> result = new ArrayList<>();
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

    synchronized Ref lookupNetworkByName(String name) {
        NetworkObject n = networks.byName(name);
        if (n == null) {
            throw noNetworkWithName(name);
        }
        return ref(n);
    }

    synchronized Ref lookupNetworkByUuid(UUID uuid) {
        NetworkObject n = networks.get(uuid);
        if (n == null) {
            throw new VirtException(ErrorCode.NO_NETWORK, ErrorDomain.TEST,
                    "no network with matching uuid '" + uuid + "'");
        }
        return ref(n);
    }

    synchronized Ref defineNetwork(String xml) {
        NetworkDefinition def = NetworkXmlCodec.parse(xml);
        networks.rejectClash(def.uuid(), def.name());
        NetworkObject existing = networks.get(def.uuid());
        if (existing == null) {
            NetworkObject n = new NetworkObject(def, true);
            networks.put(n);
            emit(n, NetworkEventType.DEFINED);
            return ref(n);
        }
        if (existing.active) {
            existing.nextDef = def;
        } else {
            existing.def = def;
        }
        existing.persistent = true;
        emit(existing, NetworkEventType.DEFINED);
        return ref(existing);
    }

    /** Starts {@code xml} as a transient network, or an inactive defined one of the same name and UUID. */
    synchronized Ref createNetwork(String xml) {
        NetworkDefinition def = NetworkXmlCodec.parse(xml);
        networks.rejectClash(def.uuid(), def.name());
        NetworkObject existing = networks.get(def.uuid());
        if (existing != null && existing.active) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NETWORK,
                    "network is already active as '" + existing.name() + "'");
        }
        NetworkObject n;
        if (existing == null) {
            n = new NetworkObject(def, false);
            networks.put(n);
        } else {
            // a defined network runs the given configuration this once and keeps its persistent one
            n = existing;
            n.nextDef = n.def;
            n.def = def;
        }
        n.active = true;
        emit(n, NetworkEventType.STARTED);
        return ref(n);
    }

    synchronized void startNetwork(Ref ref) {
        NetworkObject n = findNetwork(ref);
        if (n.active) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                    "Network '" + n.name() + "' is already running");
        }
        n.active = true;
        emit(n, NetworkEventType.STARTED);
    }

    synchronized void destroyNetwork(Ref ref) {
        NetworkObject n = findNetwork(ref);
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

    synchronized void undefineNetwork(Ref ref) {
        NetworkObject n = findNetwork(ref);
        if (n.active) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                    "Network '" + n.name() + "' is still running");
        }
        networks.remove(n);
        emit(n, NetworkEventType.UNDEFINED);
    }

    synchronized String networkXml(Ref ref, Set<XmlFlag> flags) {
        NetworkObject n = findNetwork(ref);
        return NetworkXmlCodec.format(flags.contains(XmlFlag.INACTIVE) ? n.persistentDef() : n.def);
    }

    /** libvirt's test driver reports a network without a bridge name as an internal error. */
    synchronized String networkBridgeName(Ref ref) {
        NetworkObject n = findNetwork(ref);
        String bridge = n.def.bridgeName();
        if (bridge == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.TEST,
                    "network '" + n.name() + "' does not have a bridge name.");
        }
        return bridge;
    }

    synchronized boolean networkAutostart(Ref ref) {
        return findNetwork(ref).autostart;
    }

    synchronized void setNetworkAutostart(Ref ref, boolean autostart) {
        NetworkObject n = findNetwork(ref);
        if (!n.persistent) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NETWORK,
                    "cannot set autostart for transient network");
        }
        n.autostart = autostart;
    }

    synchronized boolean isNetworkActive(Ref ref) {
        return findNetwork(ref).active;
    }

    synchronized boolean isNetworkPersistent(Ref ref) {
        return findNetwork(ref).persistent;
    }

    /** libvirt's test driver finds a handle's network by its name, hence the wording. */
    private NetworkObject findNetwork(Ref ref) {
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
        Ref ref = ref(n);
        for (TestConnection c : connections) {
            c.deliver(ref, type);
        }
    }

    private static Ref ref(NetworkObject n) {
        return new Ref(n.uuid(), n.name());
    }

    // ---- internals ----------------------------------------------------------------------------

    private DomainObject find(Ref ref) {
        DomainObject d = domains.get(ref.uuid());
        if (d == null) {
            throw DomainErrors.noDomainWithUuid(ErrorDomain.TEST, ref.uuid(), ref.name());
        }
        return d;
    }

    private void boot(DomainObject d, TestConnection caller, Set<StartFlag> flags) {
        boolean paused = flags.contains(StartFlag.PAUSED);
        d.markStarted(nextId++, paused ? DomainStateReason.PAUSED_USER : DomainStateReason.RUNNING_BOOTED,
                clock.getAsLong());
        d.autodestroyOwner = flags.contains(StartFlag.AUTODESTROY) ? caller : null;
        emit(d, DomainEventDetail.STARTED_BOOTED);
        if (paused) {
            emit(d, DomainEventDetail.SUSPENDED_PAUSED);
        }
    }

    /** Stops a running domain; a transient one vanishes. */
    private void stop(DomainObject d, DomainStateReason reason, DomainEventDetail detail) {
        d.markStopped(reason, clock.getAsLong());
        emit(d, detail);
        if (!d.persistent) {
            forget(d);
        }
    }

    /** Only test domains run here (the capabilities offer no other type); gives a UUID to one without. */
    private static DomainDefinition prepare(DomainDefinition def) {
        if (!"test".equals(def.type())) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.CAPABILITIES,
                    "could not find capabilities for arch=i686 domaintype=" + def.type());
        }
        return def.uuid() == null ? def.withUuid(UUID.randomUUID()) : def; // the codec may leave it out
    }

    /** The name and UUID must either both be new or both belong to the same domain (libvirt's wording). */
    private void rejectClash(DomainDefinition def) {
        domains.rejectClash(def.uuid(), def.name());
    }

    /** A domain other than {@code def}'s own that holds its name or its UUID, or null. */
    private Ref clash(DomainDefinition def) {
        DomainObject clash = domains.clash(def.uuid(), def.name());
        return clash == null ? null : ref(clash);
    }

    private void add(DomainObject d) {
        domains.put(d);
    }

    private void forget(DomainObject d) {
        domains.remove(d);
    }

    private void emit(DomainObject d, DomainEventDetail detail) {
        Ref ref = ref(d);
        for (TestConnection c : connections) {
            c.deliver(ref, detail);
        }
    }

    private static Ref ref(DomainObject d) {
        return new Ref(d.uuid(), d.name());
    }
}
