package io.virtkit.esx.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.virtkit.api.DomainInfo;
import io.virtkit.api.DomainListFlag;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.NodeInfo;
import io.virtkit.api.XmlFlag;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.DomainSnapshotRef;
import io.virtkit.api.driver.DriverFlags;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.support.DomainListFilter;

/**
 * One esx:// or vpx:// connection: libvirt's ESX hypervisor table over a vSphere session. The driver keeps
 * no state of its own beyond the session: every answer is read from the server, so changes made by others
 * (the vSphere client, another libvirt) show at once.
 */
final class EsxConnection implements HypervisorConnection {

    private final EsxContext context;
    private final EsxInventory inventory;
    private final EsxHostFacts host;
    private final EsxDomainDefinitions definitions;
    private final EsxPower power;
    private final EsxPendingTasks pendingTasks;
    private final EsxAutostart autostart;
    private final EsxNetworks networks;
    private final EsxStorage storage;
    private final EsxSnapshots snapshots;
    private final EsxResources resources;
    private final EsxNativeConfigs nativeConfigs;
    private final EsxDomainEvents domainEvents; // null for a connection nobody can listen to

    EsxConnection(EsxContext context, ConnectionEvents events) {
        this.context = context;
        this.inventory = new EsxInventory(context);
        this.host = new EsxHostFacts(context);
        this.definitions = new EsxDomainDefinitions(context, inventory, new EsxDatastoreFiles(context));
        this.power = new EsxPower(context, inventory);
        this.pendingTasks = new EsxPendingTasks(context, inventory);
        this.autostart = new EsxAutostart(context);
        this.networks = new EsxNetworks(context);
        this.storage = new EsxStorage(context, new EsxDatastores(context));
        this.snapshots = new EsxSnapshots(context, inventory);
        this.resources = new EsxResources(context, inventory);
        this.nativeConfigs = new EsxNativeConfigs(context);
        // last: the watch starts a thread that may report at once
        this.domainEvents = events == ConnectionEvents.NONE ? null : EsxDomainEvents.watchWhenWanted(context, events);
    }

    @Override
    public java.util.Optional<io.virtkit.api.driver.StorageConnection> storage() {
        return java.util.Optional.of(storage);
    }

    // --- the host ---------------------------------------------------------------------------------------

    @Override
    public String uri() {
        return context.uri.text();
    }

    @Override
    public String type() {
        return "ESX";
    }

    @Override
    public long hypervisorVersion() {
        return context.productVersion();
    }

    @Override
    public String hostname() {
        return host.hostname();
    }

    @Override
    public NodeInfo nodeInfo() {
        return host.nodeInfo();
    }

    @Override
    public String capabilities() {
        return host.capabilities();
    }

    @Override
    public String sysinfo(long flags) {
        DriverFlags.check(flags, 0, "virConnectGetSysinfo");
        return host.sysinfo();
    }

    @Override
    public String domainXmlToNative(String nativeFormat, String xml, long flags) {
        return nativeConfigs.domainXmlToNative(nativeFormat, xml, flags);
    }

    // --- finding and making domains ---------------------------------------------------------------------

    @Override
    public List<DomainRef> listAllDomains(long flags) {
        DomainListFilter filter = DomainListFilter.of(DriverFlags.decode(flags, DomainListFlag.class,
                "virConnectListAllDomains").toArray(DomainListFlag[]::new));
        boolean needAutostart = (flags & (DomainListFlag.AUTOSTART.bit() | DomainListFlag.NO_AUTOSTART.bit())) != 0;
        List<EsxVm> vms = inventory.all();
        java.util.Set<String> autostarted = needAutostart ? autostart.autostartedRefs() : java.util.Set.of();
        List<DomainRef> refs = new ArrayList<>();
        for (EsxVm vm : vms) {
            if (filter.matches(vm.isActive(), true, vm.state(), autostarted.contains(vm.ref().value()))) {
                refs.add(vm.toRef());
            }
        }
        return refs;
    }

    @Override
    public DomainRef lookupDomainByName(String name) {
        return inventory.byName(name).toRef();
    }

    @Override
    public DomainRef lookupDomainByUuid(UUID uuid) {
        return inventory.byUuid(uuid).toRef();
    }

    @Override
    public DomainRef lookupDomainById(int id) {
        return inventory.byId(id).toRef();
    }

    @Override
    public DomainRef defineDomain(String xml, long flags) {
        DriverFlags.check(flags, 0, "virDomainDefineXMLFlags");
        return definitions.define(xml);
    }

    @Override
    public DomainRef createDomain(String xml, long flags) {
        throw DriverFlags.noSupport("virDomainCreateXML"); // libvirt's ESX driver has no transient domains either
    }

    // --- one domain -------------------------------------------------------------------------------------

    @Override
    public int domainId(DomainRef domain) {
        return inventory.of(domain).id();
    }

    @Override
    public String domainOsType(DomainRef domain) {
        inventory.of(domain);
        return "hvm";
    }

    @Override
    public void startDomain(DomainRef domain, long flags) {
        DriverFlags.check(flags, 0, "virDomainCreateWithFlags");
        pendingTasks.ensureNone(domain);
        power.start(domain);
    }

    @Override
    public void shutdownDomain(DomainRef domain, long flags) {
        DriverFlags.check(flags, 0, "virDomainShutdownFlags");
        if (domainEvents == null) {
            power.shutdown(domain);
            return;
        }
        domainEvents.guestShutdownAsked(domain.uuid());
        try {
            power.shutdown(domain);
        } catch (RuntimeException e) {
            domainEvents.guestShutdownFailed(domain.uuid());
            throw e;
        }
    }

    @Override
    public void destroyDomain(DomainRef domain, long flags) {
        DriverFlags.check(flags, 0, "virDomainDestroyFlags");
        pendingTasks.ensureNone(domain);
        power.destroy(domain);
    }

    @Override
    public void suspendDomain(DomainRef domain) {
        pendingTasks.ensureNone(domain);
        power.suspend(domain);
    }

    @Override
    public void resumeDomain(DomainRef domain) {
        pendingTasks.ensureNone(domain);
        power.resume(domain);
    }

    @Override
    public void rebootDomain(DomainRef domain, long flags) {
        DriverFlags.check(flags, 0, "virDomainReboot");
        power.reboot(domain);
    }

    @Override
    public void undefineDomain(DomainRef domain, long flags) {
        DriverFlags.check(flags, 0, "virDomainUndefineFlags");
        definitions.undefine(domain);
    }

    @Override
    public DomainStateInfo domainState(DomainRef domain, long flags) {
        DriverFlags.check(flags, 0, "virDomainGetState");
        return DomainStateInfo.of(DomainStateReason.of(inventory.of(domain).state(), 0));
    }

    @Override
    public DomainInfo domainInfo(DomainRef domain) {
        EsxVm vm = inventory.of(domain);
        long max = vm.memoryMiB() * 1024;
        long current = vm.memoryLimitMiB() < 0 ? max : Math.min(max, vm.memoryLimitMiB() * 1024);
        return new DomainInfo(vm.state(), max, current, vm.vcpus(), 0);
    }

    @Override
    public String domainXml(DomainRef domain, long flags) {
        return definitions.xml(inventory.of(domain), DriverFlags.decode(flags, XmlFlag.class, "virDomainGetXMLDesc")
                .toArray(XmlFlag[]::new));
    }

    @Override
    public boolean domainAutostart(DomainRef domain) {
        return autostart.isAutostarted(inventory.of(domain));
    }

    @Override
    public void setDomainAutostart(DomainRef domain, boolean enabled) {
        autostart.set(inventory.of(domain), enabled);
    }

    @Override
    public boolean domainIsActive(DomainRef domain) {
        return inventory.of(domain).isActive();
    }

    @Override
    public boolean domainIsPersistent(DomainRef domain) {
        inventory.of(domain);
        return true;
    }

    // --- snapshots, memory and vCPUs, native configurations: one class each -----------------------------

    @Override
    public DomainSnapshotRef snapshotCreateXml(DomainRef domain, String xml, long flags) {
        pendingTasks.ensureNone(domain);
        return snapshots.create(domain, xml, flags);
    }

    @Override
    public List<DomainSnapshotRef> snapshotListAll(DomainRef domain, long flags) {
        return snapshots.listAll(domain, flags);
    }

    @Override
    public List<DomainSnapshotRef> snapshotListChildren(DomainSnapshotRef snapshot, long flags) {
        return snapshots.listChildren(snapshot, flags);
    }

    @Override
    public DomainSnapshotRef snapshotLookupByName(DomainRef domain, String name, long flags) {
        return snapshots.lookupByName(domain, name, flags);
    }

    @Override
    public boolean snapshotHasCurrent(DomainRef domain, long flags) {
        return snapshots.hasCurrent(domain, flags);
    }

    @Override
    public DomainSnapshotRef snapshotCurrent(DomainRef domain, long flags) {
        return snapshots.current(domain, flags);
    }

    @Override
    public String snapshotXml(DomainSnapshotRef snapshot, long flags) {
        return snapshots.xml(snapshot, flags);
    }

    @Override
    public DomainSnapshotRef snapshotParent(DomainSnapshotRef snapshot, long flags) {
        return snapshots.parent(snapshot, flags);
    }

    @Override
    public boolean snapshotIsCurrent(DomainSnapshotRef snapshot, long flags) {
        return snapshots.isCurrent(snapshot, flags);
    }

    @Override
    public boolean snapshotHasMetadata(DomainSnapshotRef snapshot, long flags) {
        return snapshots.hasMetadata(snapshot, flags);
    }

    @Override
    public void snapshotRevert(DomainSnapshotRef snapshot, long flags) {
        snapshots.revert(snapshot, flags);
    }

    @Override
    public void snapshotDelete(DomainSnapshotRef snapshot, long flags) {
        snapshots.delete(snapshot, flags);
    }

    @Override
    public void setDomainMemory(DomainRef domain, long kib, long flags) {
        pendingTasks.ensureNone(domain);
        resources.setMemory(domain, kib, flags);
    }

    @Override
    public void setDomainMaxMemory(DomainRef domain, long kib) {
        pendingTasks.ensureNone(domain);
        resources.setMaxMemory(domain, kib);
    }

    @Override
    public void setDomainVcpus(DomainRef domain, int count, long flags) {
        pendingTasks.ensureNone(domain);
        resources.setVcpus(domain, count, flags);
    }

    @Override
    public int domainVcpus(DomainRef domain, long flags) {
        return resources.vcpus(flags);
    }

    @Override
    public int domainMaxVcpus(DomainRef domain) {
        return resources.maxVcpus();
    }

    @Override
    public String domainXmlFromNative(String nativeFormat, String nativeConfig, long flags) {
        return nativeConfigs.domainXmlFromNative(nativeFormat, nativeConfig, flags);
    }

    @Override
    public java.util.Optional<io.virtkit.api.driver.NetworkConnection> networks() {
        return java.util.Optional.of(networks);
    }

    @Override
    public void close() {
        if (domainEvents != null) {
            domainEvents.close();
        }
        context.close();
    }

    /** The events watcher, null when nobody can listen; for tests. */
    EsxDomainEvents domainEvents() {
        return domainEvents;
    }
}
