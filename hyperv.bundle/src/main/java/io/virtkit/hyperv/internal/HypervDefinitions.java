package io.virtkit.hyperv.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.DriverFlags;
import io.virtkit.hyperv.internal.wsman.CimInstance;
import io.virtkit.hyperv.internal.wsman.CimParameter;
import io.virtkit.hyperv.internal.wsman.CimReference;
import io.virtkit.hyperv.internal.wsman.Wql;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.support.DomainErrors;

/**
 * dumpxml, define and undefine on a Hyper-V host, as libvirt's hyperv driver does them. Define checks the whole
 * definition first ({@link HypervDevicePlan}), refuses a UUID or a name that exists (libvirt refuses the UUID;
 * Hyper-V gives a new VM its own GUID and allows two VMs one name, which would leave name lookups ambiguous), then
 * calls DefineSystem with the name, description and generation, sets vCPUs and memory in one
 * ModifyResourceSettings, and adds the SCSI controllers, the drives, the disk images, the COM port connections and
 * the NICs with their switch connections — each family in one AddResourceSettings call, from the host's default
 * templates ({@link HypervVmSetup}, {@link HypervDefaults}). A define that fails after DefineSystem destroys the VM
 * it made (DestroySystem) and reports the first error. Undefine is DestroySystem; a VM with a saved state (libvirt's managed
 * save) needs {@code VIR_DOMAIN_UNDEFINE_MANAGED_SAVE}, as the libvirt API asks of every driver with managed save.
 */
final class HypervDefinitions {

    /** {@code VIR_DOMAIN_UNDEFINE_MANAGED_SAVE}. */
    static final long UNDEFINE_MANAGED_SAVE = 1;

    private final HypervWmi wmi;

    HypervDefinitions(HypervWmi wmi) {
        this.wmi = wmi;
    }

    /** {@code virDomainGetXMLDesc}. */
    String xml(DomainRef domain, long flags) {
        XmlFlag[] xmlFlags = DriverFlags.decode(flags, XmlFlag.class, "virDomainGetXMLDesc").toArray(XmlFlag[]::new);
        return HypervDomainXml.xml(HypervVmComponents.read(wmi, system(domain)), xmlFlags);
    }

    /** {@code virDomainDefineXMLFlags}: a new VM only. */
    DomainRef define(String xml, long flags) {
        DriverFlags.check(flags, 0, "virDomainDefineXMLFlags");
        DomainDefinition def = DomainXmlCodec.parse(xml);
        HypervDevicePlan plan = HypervDevicePlan.of(def);
        refuseExisting(def);
        Map<String, String> switches = switchesOf(plan);
        CimInstance service = service();
        HypervDefaults defaults = new HypervDefaults(wmi);
        HypervVmSetup.templatesOf(plan, defaults); // a host without them fails here, before anything exists
        String guid = defineSystem(service, plan);
        try {
            new HypervVmSetup(wmi, service, guid, defaults).apply(plan, switches);
        } catch (RuntimeException e) {
            destroyAfterFailure(service, guid, e);
            throw e;
        }
        return new DomainRef(plan.name(), UUID.fromString(guid), -1);
    }

    /** {@code virDomainUndefineFlags}. */
    void undefine(DomainRef domain, long flags) {
        DriverFlags.check(flags, UNDEFINE_MANAGED_SAVE, "virDomainUndefineFlags");
        CimInstance system = system(domain);
        String state = system.get("EnabledState");
        if (("6".equals(state) || "32769".equals(state)) && (flags & UNDEFINE_MANAGED_SAVE) == 0) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.HYPERV,
                    "Refusing to undefine while domain managed save image exists");
        }
        // a running VM is the host's to refuse (Invalid state for this operation), as libvirt lets it
        wmi.invoke(HypervObjects.service(service()), "DestroySystem", List.of(CimParameter.reference(
                "AffectedSystem", HypervObjects.computerSystem(system.get("Name")))));
    }

    /** The VM's Msvm_ComputerSystem, or libvirt's NO_DOMAIN. */
    private CimInstance system(DomainRef domain) {
        List<CimInstance> found = wmi.query(Wql.select("Msvm_ComputerSystem").where("Name", guid(domain.uuid())));
        if (found.isEmpty()) {
            throw DomainErrors.noDomainWithUuid(ErrorDomain.HYPERV, domain.uuid(), domain.name());
        }
        return found.get(0);
    }

    private void refuseExisting(DomainDefinition def) {
        if (!wmi.query(Wql.select("Msvm_ComputerSystem").where("Name", guid(def.uuid()))).isEmpty()) {
            throw new VirtException(ErrorCode.DOM_EXIST, ErrorDomain.HYPERV,
                    "Domain already exists with UUID '" + def.uuid() + "'");
        }
        if (!wmi.query(Wql.select("Msvm_ComputerSystem").where("ElementName", def.name())
                .and("Description", "Microsoft Virtual Machine")).isEmpty()) {
            throw new VirtException(ErrorCode.DOM_EXIST, ErrorDomain.HYPERV,
                    "Domain already exists with name '" + def.name() + "'");
        }
    }

    /** Each NIC's switch GUID (Name), found by its Name or ElementName; an unknown switch is refused now. */
    private Map<String, String> switchesOf(HypervDevicePlan plan) {
        Map<String, String> byBridge = new HashMap<>();
        if (plan.nics().isEmpty()) {
            return byBridge;
        }
        List<CimInstance> switches = wmi.query(Wql.select("Msvm_VirtualEthernetSwitch"));
        for (int i = 0; i < plan.nics().size(); i++) {
            String bridge = plan.nics().get(i).bridge();
            int index = i;
            String name = switches.stream().filter(s -> bridge.equalsIgnoreCase(s.get("Name"))).findFirst()
                    .or(() -> switches.stream().filter(s -> bridge.equals(s.get("ElementName"))).findFirst())
                    .map(s -> s.get("Name")).orElseThrow(() -> new VirtException(ErrorCode.INTERNAL_ERROR,
                            ErrorDomain.HYPERV, "Could not attach network " + index + ": no virtual switch '"
                                    + bridge + "'"));
            byBridge.put(bridge, name);
        }
        return byBridge;
    }

    private CimInstance service() {
        List<CimInstance> found = wmi.query(Wql.select("Msvm_VirtualSystemManagementService"));
        if (found.isEmpty()) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV,
                    "Could not look up Msvm_VirtualSystemManagementService");
        }
        return found.get(0);
    }

    /** DefineSystem with the name, Notes and generation; the new VM's GUID. */
    private String defineSystem(CimInstance service, HypervDevicePlan plan) {
        CimInstance settings = HypervObjects.newInstance("Msvm_VirtualSystemSettingData")
                .with("ElementName", plan.name())
                .with("VirtualSystemSubType", plan.generation2() ? HypervDomainXml.GENERATION_2
                        : "Microsoft:Hyper-V:SubType:1");
        if (plan.description() != null) {
            settings = settings.with("Notes", plan.description());
        }
        CimInstance output = wmi.invoke(HypervObjects.service(service), "DefineSystem",
                List.of(CimParameter.embedded("SystemSettings", settings))).output();
        CimReference system = output == null ? null : output.reference("ResultingSystem");
        if (system != null && system.selectors().get("Name") != null) {
            return system.selectors().get("Name");
        }
        List<CimInstance> named = wmi.query(Wql.select("Msvm_ComputerSystem").where("ElementName", plan.name()));
        if (named.size() != 1) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV,
                    "DefineSystem returned no ResultingSystem for '" + plan.name() + "'");
        }
        return named.get(0).get("Name");
    }

    private void destroyAfterFailure(CimInstance service, String guid, RuntimeException failure) {
        try {
            wmi.invoke(HypervObjects.service(service), "DestroySystem",
                    List.of(CimParameter.reference("AffectedSystem", HypervObjects.computerSystem(guid))));
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Hyper-V's form of a VM's GUID (upper case). */
    static String guid(UUID uuid) {
        return uuid.toString().toUpperCase(Locale.ROOT);
    }
}
