package io.virtkit.core.internal;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainEvent;
import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainEventListener;
import io.virtkit.api.DomainListFlag;
import io.virtkit.api.DomainSaveFlag;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.Flag;
import io.virtkit.api.MigrationFinished;
import io.virtkit.api.MigrationParams;
import io.virtkit.api.MigrationPrepared;
import io.virtkit.api.Network;
import io.virtkit.api.NetworkEvent;
import io.virtkit.api.NetworkEventListener;
import io.virtkit.api.NetworkEventType;
import io.virtkit.api.NetworkListFlag;
import io.virtkit.api.NodeInfo;
import io.virtkit.api.Registration;
import io.virtkit.api.StartFlag;
import io.virtkit.api.StoragePool;
import io.virtkit.api.StoragePoolCreateFlag;
import io.virtkit.api.StoragePoolEvent;
import io.virtkit.api.StoragePoolEventListener;
import io.virtkit.api.StoragePoolEventType;
import io.virtkit.api.StoragePoolListFlag;
import io.virtkit.api.StorageVolume;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.driver.MigrationFinish;
import io.virtkit.api.driver.NetworkConnection;
import io.virtkit.api.driver.NetworkRef;
import io.virtkit.api.driver.StorageConnection;
import io.virtkit.api.driver.StoragePoolRef;
import io.virtkit.support.EventDispatcher;

/**
 * The one implementation of {@link Connection}, libvirt's {@code virConnect} over its driver tables: a
 * hypervisor sub-driver's connection and, when there are, a network and a storage sub-driver's. Every call checks
 * that the connection is open (INVALID_CONN naming libvirt's function) and, for changes, that it is not
 * read-only (OPERATION_DENIED); then it goes to the sub-driver, whose answers become handles on this
 * connection. A call no sub-driver offers answers NO_SUPPORT. Thread-safe.
 *
 * <p>Events: the sub-drivers report into this connection, which queues them on its own dispatchers (one
 * thread each, started with the first listener) as {@link DomainEvent}s with handles on it.
 */
final class CoreConnection implements Connection {

    private final HypervisorConnection hypervisor;
    private final boolean readOnly;
    private final EventDispatcher<DomainEvent> domainEvents;
    private final EventDispatcher<NetworkEvent> networkEvents;
    private final EventDispatcher<StoragePoolEvent> storageEvents;
    private final Consumer<CoreConnection> onClose;
    private final Runnable domainListenerAdded;
    private volatile NetworkConnection networks; // set once while opening
    private volatile StorageConnection storage; // set once while opening
    private volatile boolean alive = true;

    CoreConnection(HypervisorConnection hypervisor, boolean readOnly,
            EventDispatcher<DomainEvent> domainEvents, EventDispatcher<NetworkEvent> networkEvents,
            EventDispatcher<StoragePoolEvent> storageEvents, Consumer<CoreConnection> onClose,
            Runnable domainListenerAdded) {
        this.hypervisor = Objects.requireNonNull(hypervisor, "hypervisor");
        this.domainListenerAdded = domainListenerAdded;
        this.readOnly = readOnly;
        this.domainEvents = domainEvents;
        this.networkEvents = networkEvents;
        this.storageEvents = storageEvents;
        this.onClose = onClose;
    }

    void joinNetworks(NetworkConnection joined) {
        this.networks = joined;
    }

    void joinStorage(StorageConnection joined) {
        this.storage = joined;
    }

    // --- the checks every call makes ------------------------------------------------------------------------

    /** The hypervisor connection, once checked open; {@code function} is libvirt's name of the call. */
    HypervisorConnection hypervisor(String function) {
        if (!alive) {
            throw new VirtException(ErrorCode.INVALID_CONN, ErrorDomain.NONE, function);
        }
        return hypervisor;
    }

    /** As {@link #hypervisor(String)}, for a call that changes something: refused on a read-only connection. */
    HypervisorConnection hypervisorForChange(String function) {
        HypervisorConnection h = hypervisor(function);
        denyReadOnly(function);
        return h;
    }

    /** The network connection, once checked open; NO_SUPPORT (network) when there is none. */
    NetworkConnection networks(String function) {
        if (!alive) {
            throw new VirtException(ErrorCode.INVALID_CONN, ErrorDomain.NONE, function);
        }
        NetworkConnection n = networks;
        if (n == null) {
            throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NETWORK, function);
        }
        return n;
    }

    NetworkConnection networksForChange(String function) {
        NetworkConnection n = networks(function);
        denyReadOnly(function);
        return n;
    }

    /** The storage connection, once checked open; NO_SUPPORT (storage) when there is none. */
    StorageConnection storage(String function) {
        if (!alive) {
            throw new VirtException(ErrorCode.INVALID_CONN, ErrorDomain.NONE, function);
        }
        StorageConnection s = storage;
        if (s == null) {
            throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.STORAGE, function);
        }
        return s;
    }

    StorageConnection storageForChange(String function) {
        StorageConnection s = storage(function);
        denyReadOnly(function);
        return s;
    }

    private void denyReadOnly(String function) {
        if (readOnly) {
            throw new VirtException(ErrorCode.OPERATION_DENIED, ErrorDomain.NONE,
                    "read only access prevents " + function);
        }
    }

    // --- the host -----------------------------------------------------------------------------------------------

    @Override
    public String uri() {
        return hypervisor("virConnectGetURI").uri();
    }

    @Override
    public String type() {
        return hypervisor("virConnectGetType").type();
    }

    @Override
    public long hypervisorVersion() {
        return hypervisor("virConnectGetVersion").hypervisorVersion();
    }

    @Override
    public long libraryVersion() {
        hypervisor("virConnectGetLibVersion");
        return LIBRARY_VERSION;
    }

    /** Virtkit's own version, libvirt-encoded (0.1.0). */
    static final long LIBRARY_VERSION = 1_000;

    @Override
    public String hostname() {
        return hypervisor("virConnectGetHostname").hostname();
    }

    @Override
    public NodeInfo nodeInfo() {
        return hypervisor("virNodeGetInfo").nodeInfo();
    }

    @Override
    public String capabilities() {
        return hypervisor("virConnectGetCapabilities").capabilities();
    }

    @Override
    public String sysinfo() {
        return hypervisor("virConnectGetSysinfo").sysinfo(0);
    }

    @Override
    public String domainCapabilities(String emulatorbin, String arch, String machine, String virttype,
            long flags) {
        // refused on read-only connections, as libvirt does: it runs emulators to answer
        return hypervisorForChange("virConnectGetDomainCapabilities")
                .domainCapabilities(emulatorbin, arch, machine, virttype, flags);
    }

    @Override
    public String domainXmlToNative(String nativeFormat, String xml) {
        // refused read-only too, as libvirt does (virCheckReadOnlyGoto), though it changes nothing
        HypervisorConnection h = hypervisorForChange("virConnectDomainXMLToNative");
        ResourceArgs.nonNull(nativeFormat, "nativeFormat", "virConnectDomainXMLToNative");
        ResourceArgs.nonNull(xml, "domainXml", "virConnectDomainXMLToNative");
        return h.domainXmlToNative(nativeFormat, xml, 0);
    }

    @Override
    public String domainXmlFromNative(String nativeFormat, String nativeConfig) {
        // refused read-only, as libvirt does
        HypervisorConnection h = hypervisorForChange("virConnectDomainXMLFromNative");
        ResourceArgs.nonNull(nativeFormat, "nativeFormat", "virConnectDomainXMLFromNative");
        ResourceArgs.nonNull(nativeConfig, "nativeConfig", "virConnectDomainXMLFromNative");
        return h.domainXmlFromNative(nativeFormat, nativeConfig, 0);
    }

    // --- domains ----------------------------------------------------------------------------------------------

    @Override
    public List<Domain> listAllDomains(DomainListFlag... flags) {
        return hypervisor("virConnectListAllDomains").listAllDomains(Flag.bits(flags)).stream()
                .map(this::domain).toList();
    }

    @Override
    public Domain lookupDomainByName(String name) {
        return domain(hypervisor("virDomainLookupByName").lookupDomainByName(name));
    }

    @Override
    public Domain lookupDomainByUuid(UUID uuid) {
        return domain(hypervisor("virDomainLookupByUUID").lookupDomainByUuid(uuid));
    }

    @Override
    public Domain lookupDomainById(int id) {
        return domain(hypervisor("virDomainLookupByID").lookupDomainById(id));
    }

    @Override
    public void restoreDomain(String path, String xml, DomainSaveFlag... flags) {
        HypervisorConnection h = hypervisorForChange("virDomainRestoreFlags");
        String from = SaveArgs.absolutePath(path, "from", "virDomainRestoreFlags");
        long bits = Flag.bits(flags);
        SaveArgs.runningOrPaused(bits);
        h.restoreDomain(from, xml, bits);
    }

    @Override
    public Domain defineDomain(String xml) {
        return domain(hypervisorForChange("virDomainDefineXML").defineDomain(xml, 0));
    }

    @Override
    public Domain createDomain(String xml, StartFlag... flags) {
        return domain(hypervisorForChange("virDomainCreateXML").createDomain(xml, Flag.bits(flags)));
    }

    // --- migration: the destination's steps ---------------------------------------------------------------

    @Override
    public boolean supportsMigration() {
        return hypervisor("virConnectSupportsFeature").supportsMigration();
    }

    @Override
    public MigrationPrepared migratePrepare(MigrationParams params, byte[] cookie, long flags) {
        String function = "virDomainMigratePrepare3Params";
        HypervisorConnection h = hypervisorForChange(function);
        MigrationChecks.noTunnel(flags, function);
        return h.migratePrepare(params == null ? MigrationParams.NONE : params, cookie == null ? new byte[0] : cookie,
                flags);
    }

    @Override
    public MigrationFinished migrateFinish(MigrationParams params, byte[] cookie, long flags, boolean cancelled) {
        MigrationFinish finished = hypervisorForChange("virDomainMigrateFinish3Params").migrateFinish(
                params == null ? MigrationParams.NONE : params, cookie == null ? new byte[0] : cookie, flags,
                cancelled);
        if (finished == null) {
            return new MigrationFinished(null, null);
        }
        return new MigrationFinished(finished.domain() == null ? null : domain(finished.domain()), finished.cookie());
    }

    @Override
    public Registration addDomainEventListener(DomainEventListener listener) {
        Objects.requireNonNull(listener, "listener");
        hypervisor("virConnectDomainEventRegisterAny");
        Registration registration = domainEvents.addListener(listener::onEvent);
        domainListenerAdded.run(); // a driver watching only for listeners starts before this returns
        return registration;
    }

    private Domain domain(DomainRef ref) {
        return new CoreDomain(this, ref);
    }

    // --- networks ---------------------------------------------------------------------------------------------

    @Override
    public List<Network> listAllNetworks(NetworkListFlag... flags) {
        return networks("virConnectListAllNetworks").listAllNetworks(Flag.bits(flags)).stream()
                .map(this::network).toList();
    }

    @Override
    public Network lookupNetworkByName(String name) {
        return network(networks("virNetworkLookupByName").lookupNetworkByName(name));
    }

    @Override
    public Network lookupNetworkByUuid(UUID uuid) {
        return network(networks("virNetworkLookupByUUID").lookupNetworkByUuid(uuid));
    }

    @Override
    public Network defineNetwork(String xml) {
        return network(networksForChange("virNetworkDefineXML").defineNetwork(xml, 0));
    }

    @Override
    public Network createNetwork(String xml) {
        return network(networksForChange("virNetworkCreateXML").createNetwork(xml, 0));
    }

    @Override
    public Registration addNetworkEventListener(NetworkEventListener listener) {
        Objects.requireNonNull(listener, "listener");
        networks("virConnectNetworkEventRegisterAny");
        return networkEvents.addListener(listener::onEvent);
    }

    private Network network(NetworkRef ref) {
        return new CoreNetwork(this, ref);
    }

    // --- storage ----------------------------------------------------------------------------------------------

    @Override
    public List<StoragePool> listAllStoragePools(StoragePoolListFlag... flags) {
        return storage("virConnectListAllStoragePools").listAllStoragePools(Flag.bits(flags)).stream()
                .map(this::storagePool).toList();
    }

    @Override
    public StoragePool lookupStoragePoolByName(String name) {
        return storagePool(storage("virStoragePoolLookupByName").lookupStoragePoolByName(name));
    }

    @Override
    public StoragePool lookupStoragePoolByUuid(UUID uuid) {
        return storagePool(storage("virStoragePoolLookupByUUID").lookupStoragePoolByUuid(uuid));
    }

    @Override
    public StoragePool lookupStoragePoolByTargetPath(String path) {
        return storagePool(storage("virStoragePoolLookupByTargetPath").lookupStoragePoolByTargetPath(path));
    }

    @Override
    public StorageVolume lookupStorageVolumeByKey(String key) {
        return new CoreStorageVolume(this, storage("virStorageVolLookupByKey").lookupStorageVolumeByKey(key));
    }

    @Override
    public StorageVolume lookupStorageVolumeByPath(String path) {
        return new CoreStorageVolume(this, storage("virStorageVolLookupByPath").lookupStorageVolumeByPath(path));
    }

    @Override
    public StoragePool defineStoragePool(String xml) {
        return storagePool(storageForChange("virStoragePoolDefineXML").defineStoragePool(xml, 0));
    }

    @Override
    public StoragePool createStoragePool(String xml, StoragePoolCreateFlag... flags) {
        return storagePool(storageForChange("virStoragePoolCreateXML").createStoragePool(xml, Flag.bits(flags)));
    }

    @Override
    public String findStoragePoolSources(String type, String sourceSpec) {
        return storageForChange("virConnectFindStoragePoolSources").findStoragePoolSources(type, sourceSpec, 0);
    }

    @Override
    public Registration addStoragePoolEventListener(StoragePoolEventListener listener) {
        Objects.requireNonNull(listener, "listener");
        storage("virConnectStoragePoolEventRegisterAny");
        return storageEvents.addListener(listener::onEvent);
    }

    StoragePool storagePool(StoragePoolRef ref) {
        return new CoreStoragePool(this, ref);
    }

    // --- life -----------------------------------------------------------------------------------------------

    @Override
    public boolean isAlive() {
        return alive;
    }

    boolean isReadOnly() {
        return readOnly;
    }

    /** Closes the connection; its AUTODESTROY domains are destroyed by the hypervisor driver. Idempotent. */
    @Override
    public void close() {
        if (!markClosed()) {
            return;
        }
        try {
            closeJoined();
        } finally {
            hypervisor.close();
        }
    }

    /**
     * The hypervisor driver went away: the connection is dead (INVALID_CONN from now on), without
     * calling the driver, which lets go of its connections itself.
     */
    void driverGone() {
        if (!markClosed()) {
            return;
        }
        closeJoined();
    }

    /** Closes the sub-drivers' connections joined from other services (not the hypervisor's own tables). */
    private void closeJoined() {
        try {
            NetworkConnection n = networks;
            if (n != null && n != hypervisor.networks().orElse(null)) {
                n.close();
            }
        } finally {
            StorageConnection s = storage;
            if (s != null && s != hypervisor.storage().orElse(null)) {
                s.close();
            }
        }
    }

    /** The network driver went away: network calls answer NO_SUPPORT from now on. */
    void networksGone(NetworkConnection gone) {
        if (networks == gone) {
            networks = null;
        }
    }

    NetworkConnection joinedNetworks() {
        return networks;
    }

    /** The storage driver went away: storage calls answer NO_SUPPORT from now on. */
    void storageGone(StorageConnection gone) {
        if (storage == gone) {
            storage = null;
        }
    }

    StorageConnection joinedStorage() {
        return storage;
    }

    HypervisorConnection hypervisorConnection() {
        return hypervisor;
    }

    private boolean markClosed() {
        synchronized (this) {
            if (!alive) {
                return false;
            }
            alive = false;
        }
        domainEvents.close();
        networkEvents.close();
        storageEvents.close();
        onClose.accept(this);
        return true;
    }

    @Override
    public String toString() {
        return "Connection[" + hypervisor.uri() + (alive ? "" : ", closed") + (readOnly ? ", read-only" : "") + "]";
    }
}
