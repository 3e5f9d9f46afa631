package io.virtkit.hyperv.internal;

import java.util.List;
import java.util.UUID;

import io.virtkit.api.DomainInfo;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.NodeInfo;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.DriverFlags;
import io.virtkit.api.driver.HypervisorConnection;

/**
 * One hyperv:// connection: libvirt's Hyper-V hypervisor table over a WS-Man client. Nothing is kept between
 * calls but the client and a few host facts: every answer is read from the host, so changes made in Hyper-V
 * Manager or PowerShell show at once. Each entry is a line or two handing over to the class that does the work.
 */
final class HypervConnection implements HypervisorConnection {

    private final HypervContext context;
    private final HypervHostFacts host;
    private final HypervInventory inventory;
    private final HypervDomainList domainList;
    private final HypervVmSettings vmSettings;
    private final HypervPower power;
    private final HypervResources resources;
    private final HypervDefinitions definitions;
    private final HypervDomainEvents domainEvents; // null for a connection nobody can listen to

    HypervConnection(HypervContext context, ConnectionEvents events) {
        this.context = context;
        this.host = new HypervHostFacts(context);
        this.inventory = new HypervInventory(context);
        this.domainList = new HypervDomainList(context, inventory);
        this.vmSettings = new HypervVmSettings(context);
        this.power = new HypervPower(context, inventory, host);
        this.resources = new HypervResources(context, inventory, vmSettings, host);
        this.definitions = new HypervDefinitions(HypervWmi.over(context));
        // last: the watch may start a thread at once
        this.domainEvents = events == ConnectionEvents.NONE ? null
                : HypervDomainEvents.watchWhenWanted(context, events);
    }

    // --- the host ---------------------------------------------------------------------------------------

    @Override
    public String uri() {
        return context.uri.text();
    }

    @Override
    public String type() {
        return "Hyper-V";
    }

    @Override
    public long hypervisorVersion() {
        return host.version();
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

    // --- finding and making domains ---------------------------------------------------------------------

    @Override
    public List<DomainRef> listAllDomains(long flags) {
        return domainList.list(flags);
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
        return definitions.define(xml, flags);
    }

    @Override
    public DomainRef createDomain(String xml, long flags) {
        throw DriverFlags.noSupport("virDomainCreateXML"); // libvirt's Hyper-V driver has no transient domains
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
        power.destroy(domain);
    }

    @Override
    public void suspendDomain(DomainRef domain) {
        power.suspend(domain);
    }

    @Override
    public void resumeDomain(DomainRef domain) {
        power.resume(domain);
    }

    @Override
    public void rebootDomain(DomainRef domain, long flags) {
        DriverFlags.check(flags, 0, "virDomainReboot");
        power.reboot(domain);
    }

    @Override
    public void undefineDomain(DomainRef domain, long flags) {
        definitions.undefine(domain, flags);
    }

    @Override
    public DomainStateInfo domainState(DomainRef domain, long flags) {
        DriverFlags.check(flags, 0, "virDomainGetState");
        return DomainStateInfo.of(HypervEnabledState.reason(inventory.of(domain).enabledState()));
    }

    @Override
    public DomainInfo domainInfo(DomainRef domain) {
        return resources.info(domain);
    }

    @Override
    public String domainXml(DomainRef domain, long flags) {
        return definitions.xml(domain, flags);
    }

    @Override
    public boolean domainAutostart(DomainRef domain) {
        return resources.autostart(domain);
    }

    @Override
    public void setDomainAutostart(DomainRef domain, boolean autostart) {
        resources.setAutostart(domain, autostart);
    }

    @Override
    public boolean domainIsActive(DomainRef domain) {
        return inventory.of(domain).isActive();
    }

    @Override
    public boolean domainIsPersistent(DomainRef domain) {
        inventory.of(domain);
        return true; // Hyper-V has no transient VMs
    }

    // --- memory and vCPUs ---------------------------------------------------------------------------------

    @Override
    public void setDomainMemory(DomainRef domain, long kib, long flags) {
        resources.setMemory(domain, kib, flags);
    }

    @Override
    public void setDomainMaxMemory(DomainRef domain, long kib) {
        resources.setMaxMemory(domain, kib);
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

    // --- managed save: Hyper-V's saved state ------------------------------------------------------------

    @Override
    public void managedSave(DomainRef domain, long flags) {
        DriverFlags.check(flags, 0, "virDomainManagedSave");
        power.managedSave(domain);
    }

    @Override
    public boolean hasManagedSaveImage(DomainRef domain, long flags) {
        DriverFlags.check(flags, 0, "virDomainHasManagedSaveImage");
        return power.hasManagedSave(domain);
    }

    @Override
    public void managedSaveRemove(DomainRef domain, long flags) {
        DriverFlags.check(flags, 0, "virDomainManagedSaveRemove");
        power.managedSaveRemove(domain);
    }

    /** HTTP requests this connection sent so far; for tests and the benchmark. */
    long roundTrips() {
        return context.roundTrips();
    }

    /** The connection's WS-Man side; for tests. */
    HypervContext context() {
        return context;
    }

    @Override
    public void close() {
        if (domainEvents != null) {
            domainEvents.close();
        }
        context.close();
        if (domainEvents != null) {
            domainEvents.awaitStopped();
        }
    }
}
