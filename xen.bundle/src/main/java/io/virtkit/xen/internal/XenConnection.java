package io.virtkit.xen.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.virtkit.api.ConsoleStream;
import io.virtkit.api.DomainInfo;
import io.virtkit.api.DomainListFlag;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.MemoryModFlag;
import io.virtkit.api.NodeInfo;
import io.virtkit.api.StartFlag;
import io.virtkit.api.XmlFlag;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.DriverFlags;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.support.DomainListFilter;

/**
 * One xen:// connection: libvirt's libxl hypervisor table over {@code xl} on the host. The connection keeps no
 * domain state of its own: every answer is read from the host (see {@link XenInventory}), so domains changed by
 * another Virtkit or by {@code xl} typed on the host show at once.
 */
final class XenConnection implements HypervisorConnection {

    private final XenContext context;
    private final XenInventory inventory;
    private final XenHostFacts host;
    private final XenDefinitions definitions;
    private final XenLifecycle lifecycle;
    private final XenDomainXml domainXml;
    private final XenPower power;
    private final XenResources resources;
    private final XenAutostart autostart;
    private final XenDomainStatus status;
    private final XenSaves saves;
    private final XenConsoles consoles;
    private final XenDeviceHotplug devices;
    private final XenDomainEvents domainEvents; // null for a connection nobody can listen to

    XenConnection(XenContext context, ConnectionEvents events) {
        this.context = context;
        this.inventory = new XenInventory(context.xl);
        this.host = new XenHostFacts(context.xl);
        this.definitions = new XenDefinitions(context.xl, inventory);
        this.lifecycle = new XenLifecycle(context.xl, inventory, context.settings.createTimeout());
        this.domainXml = new XenDomainXml(context.xl);
        this.saves = new XenSaves(context.xl, inventory, lifecycle, context.settings.createTimeout());
        this.power = new XenPower(context.xl, lifecycle, context.settings.createTimeout());
        this.resources = new XenResources(context.xl, inventory, domainXml);
        this.autostart = new XenAutostart(context.xl, inventory, ref -> startDomain(ref, 0));
        this.status = new XenDomainStatus(context.xl, domainXml);
        autostart.startOncePerHostBoot();
        this.consoles = new XenConsoles(context.xl, inventory, domainXml);
        this.devices = new XenDeviceHotplug(context.xl, inventory, domainXml);
        // last: the watch may start a thread that reports at once
        this.domainEvents = events == ConnectionEvents.NONE ? null
                : XenDomainEvents.watchWhenWanted(context, inventory, events);
    }

    // --- the host ---------------------------------------------------------------------------------------

    @Override
    public String uri() {
        return context.uri.text();
    }

    @Override
    public String type() {
        return "Xen";
    }

    @Override
    public long hypervisorVersion() {
        return host.hypervisorVersion();
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
    public String domainXmlFromNative(String nativeFormat, String nativeConfig, long flags) {
        DriverFlags.check(flags, 0, "virConnectDomainXMLFromNative");
        return XenNativeConfigs.fromNative(nativeFormat, nativeConfig);
    }

    @Override
    public String domainXmlToNative(String nativeFormat, String xml, long flags) {
        DriverFlags.check(flags, 0, "virConnectDomainXMLToNative");
        return XenNativeConfigs.toNative(nativeFormat, xml);
    }

    // --- domains ----------------------------------------------------------------------------------------

    @Override
    public List<DomainRef> listAllDomains(long flags) {
        DomainListFilter filter = DomainListFilter.of(DriverFlags.decode(flags, DomainListFlag.class,
                "virConnectListAllDomains").toArray(DomainListFlag[]::new));
        List<DomainRef> refs = new ArrayList<>();
        for (XenDomain d : inventory.all()) {
            if (filter.matches(d.active(), d.persistent(), d.state(), d.autostart(), d.managedSave())) {
                refs.add(d.ref());
            }
        }
        return refs;
    }

    @Override
    public DomainRef lookupDomainByName(String name) {
        return inventory.byName(name).ref();
    }

    @Override
    public DomainRef lookupDomainByUuid(UUID uuid) {
        return inventory.byUuid(uuid).ref();
    }

    @Override
    public DomainRef lookupDomainById(int id) {
        return inventory.byId(id).ref();
    }

    @Override
    public DomainRef defineDomain(String xml, long flags) {
        DriverFlags.check(flags, 0, "virDomainDefineXMLFlags");
        return definitions.define(xml);
    }

    @Override
    public DomainRef createDomain(String xml, long flags) {
        DriverFlags.check(flags, StartFlag.PAUSED.bit(), "virDomainCreateXML");
        DomainRef created = lifecycle.create(xml, (flags & StartFlag.PAUSED.bit()) != 0);
        status.forget(created.name());
        return created;
    }

    // --- one domain -------------------------------------------------------------------------------------

    @Override
    public int domainId(DomainRef domain) {
        return inventory.of(domain).id();
    }

    @Override
    public String domainOsType(DomainRef domain) {
        return status.osType(inventory.of(domain));
    }

    @Override
    public void startDomain(DomainRef domain, long flags) {
        DriverFlags.check(flags, StartFlag.PAUSED.bit(), "virDomainCreateWithFlags");
        boolean paused = (flags & StartFlag.PAUSED.bit()) != 0;
        if (!saves.startFromManagedSave(domain, paused)) {
            lifecycle.start(domain, paused);
        }
        status.forget(domain.name());
    }

    @Override
    public void shutdownDomain(DomainRef domain, long flags) {
        status.stopped(power.shutdown(domain, flags).name(), XenDomainStatus.SHUTDOWN);
    }

    @Override
    public void destroyDomain(DomainRef domain, long flags) {
        DriverFlags.check(flags, 0, "virDomainDestroyFlags");
        lifecycle.destroy(domain);
        status.stopped(domain.name(), XenDomainStatus.DESTROYED);
    }

    @Override
    public void suspendDomain(DomainRef domain) {
        lifecycle.suspend(domain);
    }

    @Override
    public void resumeDomain(DomainRef domain) {
        lifecycle.resume(domain);
    }

    @Override
    public void rebootDomain(DomainRef domain, long flags) {
        power.reboot(domain, flags);
    }

    @Override
    public void undefineDomain(DomainRef domain, long flags) {
        DriverFlags.check(flags, XenSaves.UNDEFINE_MANAGED_SAVE, "virDomainUndefineFlags");
        saves.beforeUndefine(domain, flags);
        definitions.undefine(domain);
        status.forget(domain.name());
    }

    @Override
    public DomainStateInfo domainState(DomainRef domain, long flags) {
        DriverFlags.check(flags, 0, "virDomainGetState");
        return status.state(inventory.of(domain));
    }

    @Override
    public DomainInfo domainInfo(DomainRef domain) {
        return status.info(inventory.of(domain));
    }

    @Override
    public String domainXml(DomainRef domain, long flags) {
        DriverFlags.check(flags, XmlFlag.SECURE.bit() | XmlFlag.INACTIVE.bit(), "virDomainGetXMLDesc");
        return domainXml.xml(inventory.of(domain), (flags & XmlFlag.INACTIVE.bit()) != 0,
                (flags & XmlFlag.SECURE.bit()) != 0);
    }

    @Override
    public boolean domainAutostart(DomainRef domain) {
        return inventory.of(domain).autostart();
    }

    @Override
    public void setDomainAutostart(DomainRef domain, boolean autostart) {
        this.autostart.set(domain, autostart);
    }

    @Override
    public void setDomainMemory(DomainRef domain, long kib, long flags) {
        resources.setMemory(domain, kib, flags);
    }

    @Override
    public void setDomainMaxMemory(DomainRef domain, long kib) {
        resources.setMemory(domain, kib, MemoryModFlag.MAXIMUM.bit());
    }

    @Override
    public void setDomainVcpus(DomainRef domain, int count, long flags) {
        resources.setVcpus(domain, count, flags);
    }

    @Override
    public int domainVcpus(DomainRef domain, long flags) {
        return resources.vcpus(domain, flags);
    }

    @Override
    public int domainMaxVcpus(DomainRef domain) {
        return resources.maxVcpus(domain);
    }

    @Override
    public boolean domainIsActive(DomainRef domain) {
        return inventory.of(domain).active();
    }

    @Override
    public boolean domainIsPersistent(DomainRef domain) {
        return inventory.of(domain).persistent();
    }

    // --- saving memory ----------------------------------------------------------------------------------

    @Override
    public void managedSave(DomainRef domain, long flags) {
        saves.managedSave(domain, flags);
    }

    @Override
    public boolean hasManagedSaveImage(DomainRef domain, long flags) {
        return saves.hasManagedSaveImage(domain, flags);
    }

    @Override
    public void managedSaveRemove(DomainRef domain, long flags) {
        saves.managedSaveRemove(domain, flags);
    }

    @Override
    public void saveDomain(DomainRef domain, String path, String xml, long flags) {
        saves.saveDomain(domain, path, xml, flags);
    }

    @Override
    public void restoreDomain(String path, String xml, long flags) {
        saves.restoreDomain(path, xml, flags);
    }

    // --- consoles and devices ---------------------------------------------------------------------------

    @Override
    public ConsoleStream openConsole(DomainRef domain, String device, long flags) {
        return consoles.open(domain, device, flags);
    }

    @Override
    public void attachDevice(DomainRef domain, String deviceXml, long flags) {
        devices.attach(domain, deviceXml, flags);
    }

    @Override
    public void detachDevice(DomainRef domain, String deviceXml, long flags) {
        devices.detach(domain, deviceXml, flags);
    }

    /** The events watcher, null when nobody can listen; for tests. */
    XenDomainEvents domainEvents() {
        return domainEvents;
    }

    @Override
    public void close() {
        if (domainEvents != null) {
            domainEvents.close();
        }
        context.close();
    }
}
