package io.virtkit.esx.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.virtkit.api.DomainInfo;
import io.virtkit.api.DomainListFlag;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.NodeInfo;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DomainRef;
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
    private final ConnectionEvents events;
    private final EsxInventory inventory;
    private final EsxHostFacts host;
    private final EsxDomainDefinitions definitions;
    private final EsxPower power;
    private final EsxAutostart autostart;
    private final EsxNetworks networks;
    private final EsxStorage storage;

    EsxConnection(EsxContext context, ConnectionEvents events) {
        this.context = context;
        this.events = events;
        this.inventory = new EsxInventory(context);
        this.host = new EsxHostFacts(context);
        this.definitions = new EsxDomainDefinitions(context, inventory, new EsxDatastoreFiles(context));
        this.power = new EsxPower(context, inventory);
        this.autostart = new EsxAutostart(context);
        this.networks = new EsxNetworks(context);
        this.storage = new EsxStorage(context, new EsxDatastores(context));
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
        DriverFlags.check(flags, 0, "virConnectDomainXMLToNative");
        if (!"vmware-vmx".equals(nativeFormat)) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.ESX,
                    "Unsupported config format '" + nativeFormat + "'");
        }
        return definitions.toNative(xml);
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
        power.start(domain);
    }

    @Override
    public void shutdownDomain(DomainRef domain, long flags) {
        DriverFlags.check(flags, 0, "virDomainShutdownFlags");
        power.shutdown(domain);
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

    @Override
    public java.util.Optional<io.virtkit.api.driver.NetworkConnection> networks() {
        return java.util.Optional.of(networks);
    }

    @Override
    public void close() {
        context.close();
    }
}
