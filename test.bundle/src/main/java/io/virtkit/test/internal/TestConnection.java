package io.virtkit.test.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.virtkit.api.DeviceModifyFlag;
import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainInfo;
import io.virtkit.api.DomainListFlag;
import io.virtkit.api.DomainSaveFlag;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.MemoryModFlag;
import io.virtkit.api.NetworkEventType;
import io.virtkit.api.NodeInfo;
import io.virtkit.api.StartFlag;
import io.virtkit.api.StoragePoolEventType;
import io.virtkit.api.VcpuFlag;
import io.virtkit.api.XmlFlag;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.DomainSnapshotRef;
import io.virtkit.api.driver.DriverFlags;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.driver.NetworkConnection;
import io.virtkit.api.driver.NetworkRef;
import io.virtkit.api.driver.StorageConnection;
import io.virtkit.api.driver.StoragePoolRef;

/**
 * One connection's view of a {@link TestState}: the hypervisor table of libvirt's test driver, which
 * also offers its state's own network and storage tables ({@link TestNetworks}, {@link TestStorage}), as
 * libvirt's does. Closing it detaches it from
 * the state, destroying the domains it started with AUTODESTROY (even when the driver is the one going
 * away: nothing outlives the in-memory test driver).
 */
final class TestConnection implements HypervisorConnection {

    /** libvirt's number for the test hypervisor: "0.0.2". */
    static final long HYPERVISOR_VERSION = 2;

    /** {@code VIR_DOMAIN_UNDEFINE_MANAGED_SAVE}: the image goes with the definition. */
    static final long UNDEFINE_MANAGED_SAVE = 1;

    private final TestDriver driver;
    private final TestState state;
    private final String uri;
    private final ConnectionEvents events;
    private final TestDomains domains;
    private volatile boolean open = true;

    TestConnection(TestDriver driver, TestState state, String uri, ConnectionEvents events) {
        this.driver = driver;
        this.state = state;
        this.uri = uri;
        this.events = events;
        this.domains = state.domains();
    }

    TestState state() {
        return state;
    }

    boolean isOpen() {
        return open;
    }

    // ---- the host ---------------------------------------------------------------------------

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public String type() {
        return "TEST";
    }

    @Override
    public long hypervisorVersion() {
        return HYPERVISOR_VERSION;
    }

    @Override
    public String hostname() {
        return driver.hostname();
    }

    @Override
    public NodeInfo nodeInfo() {
        return state.nodeInfo();
    }

    @Override
    public String capabilities() {
        return state.capabilities();
    }

    // ---- domains ----------------------------------------------------------------------------

    @Override
    public List<DomainRef> listAllDomains(long flags) {
        DomainListFlag[] filter = DriverFlags.decode(flags, DomainListFlag.class, "virConnectListAllDomains")
                .toArray(DomainListFlag[]::new);
        return domains.list(filter).stream().map(this::ref).toList();
    }

    @Override
    public DomainRef lookupDomainByName(String name) {
        return ref(domains.lookupByName(name));
    }

    @Override
    public DomainRef lookupDomainByUuid(UUID uuid) {
        return ref(domains.lookupByUuid(uuid));
    }

    @Override
    public DomainRef lookupDomainById(int id) {
        return ref(domains.lookupById(id));
    }

    @Override
    public DomainRef defineDomain(String xml, long flags) {
        DriverFlags.check(flags, 0, "virDomainDefineXMLFlags");
        return ref(domains.define(xml));
    }

    @Override
    public DomainRef createDomain(String xml, long flags) {
        return ref(domains.create(xml, this, DriverFlags.decode(flags, StartFlag.class, "virDomainCreateXML")));
    }

    @Override
    public int domainId(DomainRef domain) {
        return domains.id(ref(domain));
    }

    /** What libvirt's test driver reports for every domain, whatever its {@code <os><type>}. */
    @Override
    public String domainOsType(DomainRef domain) {
        domains.isActive(ref(domain)); // fails for a vanished domain
        return "linux";
    }

    @Override
    public void startDomain(DomainRef domain, long flags) {
        domains.start(ref(domain), this, DriverFlags.decode(flags, StartFlag.class, "virDomainCreateWithFlags"));
    }

    @Override
    public void shutdownDomain(DomainRef domain, long flags) {
        DriverFlags.check(flags, 0, "virDomainShutdownFlags");
        domains.shutdown(ref(domain));
    }

    @Override
    public void destroyDomain(DomainRef domain, long flags) {
        DriverFlags.check(flags, 0, "virDomainDestroyFlags");
        domains.destroy(ref(domain));
    }

    @Override
    public void suspendDomain(DomainRef domain) {
        domains.suspend(ref(domain));
    }

    @Override
    public void resumeDomain(DomainRef domain) {
        domains.resume(ref(domain));
    }

    @Override
    public void rebootDomain(DomainRef domain, long flags) {
        DriverFlags.check(flags, 0, "virDomainReboot");
        domains.reboot(ref(domain));
    }

    @Override
    public void undefineDomain(DomainRef domain, long flags) {
        DriverFlags.check(flags, UNDEFINE_MANAGED_SAVE, "virDomainUndefineFlags");
        domains.undefine(ref(domain), (flags & UNDEFINE_MANAGED_SAVE) != 0);
    }

    // ---- managed save, save and restore (libvirt's test driver keeps no memory: see TestSaves) ----------------

    @Override
    public void managedSave(DomainRef domain, long flags) {
        DriverFlags.check(flags, DomainSaveFlag.BYPASS_CACHE.bit() | DomainSaveFlag.RUNNING.bit()
                | DomainSaveFlag.PAUSED.bit(), "virDomainManagedSave");
        domains.managedSave(ref(domain));
    }

    @Override
    public boolean hasManagedSaveImage(DomainRef domain, long flags) {
        DriverFlags.check(flags, 0, "virDomainHasManagedSaveImage");
        return domains.hasManagedSave(ref(domain));
    }

    @Override
    public void managedSaveRemove(DomainRef domain, long flags) {
        DriverFlags.check(flags, 0, "virDomainManagedSaveRemove");
        domains.managedSaveRemove(ref(domain));
    }

    @Override
    public void saveDomain(DomainRef domain, String path, String xml, long flags) {
        DriverFlags.check(flags, 0, "virDomainSaveFlags");
        domains.save(ref(domain), Path.of(path), xml);
    }

    @Override
    public void restoreDomain(String path, String xml, long flags) {
        DriverFlags.check(flags, 0, "virDomainRestoreFlags");
        domains.restore(Path.of(path), xml);
    }

    @Override
    public DomainStateInfo domainState(DomainRef domain, long flags) {
        DriverFlags.check(flags, 0, "virDomainGetState");
        return domains.state(ref(domain));
    }

    @Override
    public DomainInfo domainInfo(DomainRef domain) {
        return domains.info(ref(domain));
    }

    @Override
    public String domainXml(DomainRef domain, long flags) {
        return domains.xml(ref(domain), DriverFlags.decode(flags, XmlFlag.class, "virDomainGetXMLDesc"));
    }

    @Override
    public boolean domainAutostart(DomainRef domain) {
        return domains.autostart(ref(domain));
    }

    @Override
    public void setDomainAutostart(DomainRef domain, boolean autostart) {
        domains.setAutostart(ref(domain), autostart);
    }

    @Override
    public boolean domainIsActive(DomainRef domain) {
        return domains.isActive(ref(domain));
    }

    @Override
    public boolean domainIsPersistent(DomainRef domain) {
        return domains.isPersistent(ref(domain));
    }

    @Override
    public void attachDevice(DomainRef domain, String deviceXml, long flags) {
        domains.changeDevice(ref(domain), deviceXml, true,
                DriverFlags.decode(flags, DeviceModifyFlag.class, "virDomainAttachDeviceFlags"));
    }

    @Override
    public void detachDevice(DomainRef domain, String deviceXml, long flags) {
        domains.changeDevice(ref(domain), deviceXml, false,
                DriverFlags.decode(flags, DeviceModifyFlag.class, "virDomainDetachDeviceFlags"));
    }

    @Override
    public void updateDevice(DomainRef domain, String deviceXml, long flags) {
        domains.updateDevice(ref(domain), deviceXml,
                DriverFlags.decode(flags, DeviceModifyFlag.class, "virDomainUpdateDeviceFlags"));
    }

    // ---- memory and vCPUs, as libvirt's test driver (TestResources) ----------------------------

    @Override
    public void setDomainMemory(DomainRef domain, long kib, long flags) {
        DriverFlags.check(flags, MemoryModFlag.LIVE.bit() | MemoryModFlag.CONFIG.bit() | MemoryModFlag.MAXIMUM.bit(),
                "virDomainSetMemoryFlags");
        domains.setMemory(ref(domain), kib, flags);
    }

    /** libvirt's test driver: the maximum of the current definition (refused while active). */
    @Override
    public void setDomainMaxMemory(DomainRef domain, long kib) {
        domains.setMemory(ref(domain), kib, MemoryModFlag.MAXIMUM.bit());
    }

    @Override
    public long domainMaxMemory(DomainRef domain) {
        return domains.maxMemory(ref(domain));
    }

    @Override
    public void setDomainVcpus(DomainRef domain, int count, long flags) {
        DriverFlags.check(flags, VCPU_FLAGS, "virDomainSetVcpusFlags");
        domains.setVcpus(ref(domain), count, flags);
    }

    @Override
    public int domainVcpus(DomainRef domain, long flags) {
        DriverFlags.check(flags, VCPU_FLAGS, "virDomainGetVcpusFlags");
        return domains.vcpus(ref(domain), flags);
    }

    /** libvirt's test driver: the live maximum (NOT RUNNING for an inactive domain). */
    @Override
    public int domainMaxVcpus(DomainRef domain) {
        return domains.vcpus(ref(domain), VcpuFlag.LIVE.bit() | VcpuFlag.MAXIMUM.bit());
    }

    private static final long VCPU_FLAGS = VcpuFlag.LIVE.bit() | VcpuFlag.CONFIG.bit() | VcpuFlag.MAXIMUM.bit();

    // ---- snapshots (TestSnapshots) -------------------------------------------------------------

    @Override
    public DomainSnapshotRef snapshotCreateXml(DomainRef domain, String xml, long flags) {
        return new DomainSnapshotRef(domain, domains.snapshots(ref(domain), (s, d) -> s.create(d, xml, flags)));
    }

    @Override
    public List<DomainSnapshotRef> snapshotListAll(DomainRef domain, long flags) {
        return snapshotRefs(domain, domains.snapshots(ref(domain),
                (s, d) -> s.list(d, null, flags, "virDomainListAllSnapshots")));
    }

    @Override
    public List<DomainSnapshotRef> snapshotListChildren(DomainSnapshotRef snapshot, long flags) {
        return snapshotRefs(snapshot.domain(), domains.snapshots(ref(snapshot.domain()),
                (s, d) -> s.list(d, snapshot.name(), flags, "virDomainSnapshotListAllChildren")));
    }

    @Override
    public DomainSnapshotRef snapshotLookupByName(DomainRef domain, String name, long flags) {
        DriverFlags.check(flags, 0, "virDomainSnapshotLookupByName");
        return new DomainSnapshotRef(domain, domains.snapshots(ref(domain), (s, d) -> d.snapshots.get(name).name()));
    }

    @Override
    public boolean snapshotHasCurrent(DomainRef domain, long flags) {
        DriverFlags.check(flags, 0, "virDomainHasCurrentSnapshot");
        return domains.snapshots(ref(domain), (s, d) -> d.snapshots.current() != null);
    }

    @Override
    public DomainSnapshotRef snapshotCurrent(DomainRef domain, long flags) {
        DriverFlags.check(flags, 0, "virDomainSnapshotCurrent");
        return new DomainSnapshotRef(domain, domains.snapshots(ref(domain), (s, d) -> s.current(d)));
    }

    @Override
    public String snapshotXml(DomainSnapshotRef snapshot, long flags) {
        return domains.snapshots(ref(snapshot.domain()), (s, d) -> s.xml(d, snapshot.name(), flags));
    }

    @Override
    public DomainSnapshotRef snapshotParent(DomainSnapshotRef snapshot, long flags) {
        DriverFlags.check(flags, 0, "virDomainSnapshotGetParent");
        return new DomainSnapshotRef(snapshot.domain(),
                domains.snapshots(ref(snapshot.domain()), (s, d) -> s.parent(d, snapshot.name())));
    }

    @Override
    public boolean snapshotIsCurrent(DomainSnapshotRef snapshot, long flags) {
        DriverFlags.check(flags, 0, "virDomainSnapshotIsCurrent");
        return domains.snapshots(ref(snapshot.domain()),
                (s, d) -> d.snapshots.get(snapshot.name()).name().equals(d.snapshots.current()));
    }

    @Override
    public boolean snapshotHasMetadata(DomainSnapshotRef snapshot, long flags) {
        DriverFlags.check(flags, 0, "virDomainSnapshotHasMetadata");
        return domains.snapshots(ref(snapshot.domain()), (s, d) -> d.snapshots.get(snapshot.name()) != null);
    }

    @Override
    public void snapshotRevert(DomainSnapshotRef snapshot, long flags) {
        domains.snapshots(ref(snapshot.domain()), (s, d) -> {
            s.revert(d, snapshot.name(), flags);
            return null;
        });
    }

    @Override
    public void snapshotDelete(DomainSnapshotRef snapshot, long flags) {
        domains.snapshots(ref(snapshot.domain()), (s, d) -> {
            s.delete(d, snapshot.name(), flags);
            return null;
        });
    }

    private static List<DomainSnapshotRef> snapshotRefs(DomainRef domain, List<String> names) {
        return names.stream().map(n -> new DomainSnapshotRef(domain, n)).toList();
    }

    @Override
    public Optional<NetworkConnection> networks() {
        return Optional.of(state.networks());
    }

    @Override
    public Optional<StorageConnection> storage() {
        return Optional.of(state.storage());
    }

    // ---- events and life --------------------------------------------------------------------

    /** Reports a domain's change to the public connection; called under the state's lock: it only queues. */
    void deliver(TestDomains.Ref ref, DomainEventDetail detail) {
        if (open && events.domainEventsWanted()) {
            events.report(new DomainRef(ref.name(), ref.uuid(), domains.idOrNone(ref)), detail);
        }
    }

    /** As {@link #deliver(TestDomains.Ref, DomainEventDetail)}, for a network's change. */
    void deliver(NetworkRef ref, NetworkEventType type) {
        if (open && events.networkEventsWanted()) {
            events.report(ref, type);
        }
    }

    /** As {@link #deliver(TestDomains.Ref, DomainEventDetail)}, for a storage pool's change. */
    void deliver(StoragePoolRef ref, StoragePoolEventType type) {
        if (open && events.storagePoolEventsWanted()) {
            events.report(ref, type);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (!open) {
                return;
            }
            open = false;
        }
        state.detach(this);
        driver.closed(this);
    }

    private DomainRef ref(TestDomains.Ref ref) {
        return new DomainRef(ref.name(), ref.uuid(), domains.idOrNone(ref));
    }

    private static TestDomains.Ref ref(DomainRef ref) {
        return new TestDomains.Ref(ref.uuid(), ref.name());
    }

    @Override
    public String toString() {
        return "TestConnection[" + uri + (open ? "" : ", closed") + "]";
    }
}
