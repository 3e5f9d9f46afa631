package io.virtkit.hyperv.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.DriverFlags;
import io.virtkit.hyperv.internal.wsman.CimInstance;
import io.virtkit.hyperv.internal.wsman.CimParameter;
import io.virtkit.hyperv.internal.wsman.CimReference;
import io.virtkit.hyperv.internal.wsman.WsmanAuthenticationException;
import io.virtkit.hyperv.internal.wsman.WsmanException;
import io.virtkit.hyperv.internal.wsman.WsmanJobFailedException;
import io.virtkit.hyperv.internal.wsman.WsmanJobTimeoutException;
import io.virtkit.hyperv.internal.wsman.WsmanMethodException;
import io.virtkit.hyperv.internal.wsman.Wql;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;

/**
 * dumpxml, define and undefine on a Hyper-V host, as libvirt's hyperv driver does them. Define checks the whole
 * definition first ({@link HypervDevicePlan}), refuses a UUID or a name that exists (libvirt refuses the UUID;
 * Hyper-V gives a new VM its own GUID and allows two VMs one name, which would leave name lookups ambiguous), then
 * calls DefineSystem with the name, description and generation, sets vCPUs and memory in one
 * ModifyResourceSettings, and adds the SCSI controllers, the drives, the disk images, the COM port connections and
 * the NICs with their switch connections — each family in one AddResourceSettings call, from the host's default
 * templates ({@link HypervDefaults}). A define that fails after DefineSystem destroys the VM it made
 * (DestroySystem) and reports the first error. Undefine is DestroySystem; a VM with a saved state (libvirt's managed
 * save) needs {@code VIR_DOMAIN_UNDEFINE_MANAGED_SAVE}, as the libvirt API asks of every driver with managed save.
 */
final class HypervDefinitions {

    /** {@code VIR_DOMAIN_UNDEFINE_MANAGED_SAVE}. */
    static final long UNDEFINE_MANAGED_SAVE = 1;

    static final String VHD = "Microsoft:Hyper-V:Virtual Hard Disk";
    static final String FLOPPY_DISK = "Microsoft:Hyper-V:Virtual Floppy Disk";
    static final String SCSI_CONTROLLER = "Microsoft:Hyper-V:Synthetic SCSI Controller";
    static final String DISK_DRIVE = "Microsoft:Hyper-V:Synthetic Disk Drive";
    static final String DVD_DRIVE = "Microsoft:Hyper-V:Synthetic DVD Drive";
    static final String SERIAL_PORT = "Microsoft:Hyper-V:Serial Port";
    static final String ETHERNET_PORT = "Microsoft:Hyper-V:Synthetic Ethernet Port";
    static final String ETHERNET_CONNECTION = "Microsoft:Hyper-V:Ethernet Connection";

    private static final String RASD = "Msvm_ResourceAllocationSettingData";
    private static final String SASD = "Msvm_StorageAllocationSettingData";
    private static final String SERIAL_SD = "Msvm_SerialPortSettingData";
    private static final String SEPSD = "Msvm_SyntheticEthernetPortSettingData";
    private static final String EPASD = "Msvm_EthernetPortAllocationSettingData";

    private final HypervWmi wmi;

    HypervDefinitions(HypervWmi wmi) {
        this.wmi = wmi;
    }

    /** {@code virDomainGetXMLDesc}. */
    String xml(DomainRef domain, long flags) {
        XmlFlag[] xmlFlags = DriverFlags.decode(flags, XmlFlag.class, "virDomainGetXMLDesc").toArray(XmlFlag[]::new);
        return call(() -> HypervDomainXml.xml(HypervVmComponents.read(wmi, system(domain.uuid())), xmlFlags));
    }

    /** {@code virDomainGetXMLDesc} of a VM whose Msvm_ComputerSystem the caller has just read (one query fewer). */
    String xml(CimInstance system, XmlFlag... flags) {
        return call(() -> HypervDomainXml.xml(HypervVmComponents.read(wmi, system), flags));
    }

    /** {@code virDomainDefineXMLFlags}: a new VM only. */
    DomainRef define(String xml, long flags) {
        DriverFlags.check(flags, 0, "virDomainDefineXMLFlags");
        DomainDefinition def = DomainXmlCodec.parse(xml);
        HypervDevicePlan plan = HypervDevicePlan.of(def);
        return call(() -> {
            refuseExisting(def);
            Map<String, String> switches = switchesOf(plan);
            CimInstance service = service();
            HypervDefaults defaults = new HypervDefaults(wmi);
            templatesOf(plan, defaults); // a host without them fails here, before anything exists
            String guid = defineSystem(service, plan);
            try {
                new Configuration(service, guid, defaults).apply(plan, switches);
            } catch (RuntimeException e) {
                destroyAfterFailure(service, guid, e);
                throw e;
            }
            return new DomainRef(plan.name(), UUID.fromString(guid), -1);
        });
    }

    /** {@code virDomainUndefineFlags}. */
    void undefine(DomainRef domain, long flags) {
        DriverFlags.check(flags, UNDEFINE_MANAGED_SAVE, "virDomainUndefineFlags");
        call(() -> {
            CimInstance system = system(domain.uuid());
            String state = system.get("EnabledState");
            if (("6".equals(state) || "32769".equals(state)) && (flags & UNDEFINE_MANAGED_SAVE) == 0) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.HYPERV,
                        "Refusing to undefine while domain managed save image exists");
            }
            // a running VM is the host's to refuse (Invalid state for this operation), as libvirt lets it
            wmi.invoke(HypervObjects.service(service()), "DestroySystem", List.of(CimParameter.reference(
                    "AffectedSystem", HypervObjects.computerSystem(system.get("Name")))));
            return null;
        });
    }

    /** The VM's Msvm_ComputerSystem, or libvirt's NO_DOMAIN. */
    CimInstance system(UUID uuid) {
        String guid = guid(uuid);
        List<CimInstance> found = wmi.query(Wql.select("Msvm_ComputerSystem").where("Name", guid));
        if (found.isEmpty()) {
            throw new VirtException(ErrorCode.NO_DOMAIN, ErrorDomain.HYPERV, "No domain with UUID " + uuid);
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

    private static void templatesOf(HypervDevicePlan plan, HypervDefaults defaults) {
        if (plan.scsiControllers() > 0) {
            defaults.template(RASD, HypervVmComponents.SCSI_CONTROLLER, SCSI_CONTROLLER);
        }
        for (HypervDevicePlan.Disk disk : plan.disks()) {
            if (disk.bus() != HypervDevicePlan.Bus.FLOPPY) {
                drive(defaults, disk);
            }
            if (disk.image() != null) {
                image(defaults, disk);
            }
        }
        if (!plan.serials().isEmpty()) {
            defaults.template(SERIAL_SD, HypervVmComponents.SERIAL_PORT, SERIAL_PORT);
        }
        if (!plan.nics().isEmpty()) {
            defaults.template(SEPSD, HypervVmComponents.ETHERNET_PORT, ETHERNET_PORT);
            defaults.template(EPASD, HypervVmComponents.ETHERNET_CONNECTION, ETHERNET_CONNECTION);
        }
    }

    private static CimInstance drive(HypervDefaults defaults, HypervDevicePlan.Disk disk) {
        return disk.dvd() ? defaults.template(RASD, HypervVmComponents.DVD_DRIVE, DVD_DRIVE)
                : defaults.template(RASD, HypervVmComponents.DISK_DRIVE, DISK_DRIVE);
    }

    private static CimInstance image(HypervDefaults defaults, HypervDevicePlan.Disk disk) {
        String subType = disk.bus() == HypervDevicePlan.Bus.FLOPPY ? FLOPPY_DISK
                : disk.dvd() ? HypervDomainXml.CDROM_DISK : VHD;
        return defaults.template(SASD, HypervVmComponents.LOGICAL_DISK, subType);
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

    /** The resources of a VM DefineSystem has just made, set up family by family. */
    private final class Configuration {
        private final CimReference service;
        private final String host;
        private final String guid;
        private final HypervDefaults defaults;
        private CimReference settings;
        private HypervVmComponents vm;

        Configuration(CimInstance service, String guid, HypervDefaults defaults) {
            this.service = HypervObjects.service(service);
            this.host = service.get("SystemName");
            this.guid = guid;
            this.defaults = defaults;
        }

        void apply(HypervDevicePlan plan, Map<String, String> switches) {
            CimInstance systemSettings = HypervVmComponents.settingsOf(wmi, guid);
            settings = HypervObjects.settingData(systemSettings);
            vm = new HypervVmComponents(null, systemSettings, wmi.query(Wql.associatorsOf(settings)
                    .assocClass("Msvm_VirtualSystemSettingDataComponent")), List.of());
            modify(List.of(vm.required("Msvm_ProcessorSettingData", "processor")
                            .with("VirtualQuantity", String.valueOf(plan.vcpus())),
                    vm.required("Msvm_MemorySettingData", "memory")
                            .with("VirtualQuantity", String.valueOf(plan.memoryMiB()))));
            disks(plan);
            serials(plan);
            nics(plan, switches);
        }

        private void disks(HypervDevicePlan plan) {
            List<String> scsi = new ArrayList<>(vm.ofType(HypervVmComponents.SCSI_CONTROLLER).stream()
                    .map(c -> c.get("InstanceID")).toList());
            List<CimInstance> newControllers = new ArrayList<>();
            for (int i = scsi.size(); i < plan.scsiControllers(); i++) {
                newControllers.add(defaults.template(RASD, HypervVmComponents.SCSI_CONTROLLER, SCSI_CONTROLLER));
            }
            add(newControllers).forEach(ref -> scsi.add(ref.selectors().get("InstanceID")));
            List<HypervDevicePlan.Disk> onDrives = plan.disks().stream()
                    .filter(d -> d.bus() != HypervDevicePlan.Bus.FLOPPY).toList();
            List<CimInstance> drives = new ArrayList<>();
            for (HypervDevicePlan.Disk disk : onDrives) {
                String controller = disk.bus() == HypervDevicePlan.Bus.SCSI ? scsi.get(disk.controller())
                        : ideChannel(disk.controller());
                drives.add(drive(defaults, disk).with("Parent", HypervObjects.settingDataPath(host, RASD, controller))
                        .with("AddressOnParent", String.valueOf(disk.unit())));
            }
            List<CimReference> driveRefs = add(drives);
            List<CimInstance> images = new ArrayList<>();
            for (HypervDevicePlan.Disk disk : plan.disks()) {
                CimReference drive = disk.bus() == HypervDevicePlan.Bus.FLOPPY ? floppyDrive()
                        : driveRefs.get(onDrives.indexOf(disk));
                if (disk.image() != null) {
                    images.add(image(defaults, disk).with("Parent", HypervObjects.settingDataPath(host,
                            drive.className(), drive.selectors().get("InstanceID"))).with("HostResource", disk.image()));
                }
            }
            add(images);
        }

        private String ideChannel(int channel) {
            return vm.ofType(HypervVmComponents.IDE_CONTROLLER).stream()
                    .filter(c -> String.valueOf(channel).equals(c.get("Address"))).findFirst()
                    .map(c -> c.get("InstanceID")).orElseThrow(() -> new VirtException(ErrorCode.INTERNAL_ERROR,
                            ErrorDomain.HYPERV, "Could not find IDE channel " + channel + " of the new VM"));
        }

        private CimReference floppyDrive() {
            return vm.ofType(HypervVmComponents.FLOPPY_DRIVE).stream().findFirst().map(HypervObjects::settingData)
                    .orElseThrow(() -> new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV,
                            "Could not find the floppy drive of the new VM"));
        }

        /** COM ports: those the VM has are connected (libvirt), those it lacks are added from the template. */
        private void serials(HypervDevicePlan plan) {
            List<CimInstance> changed = new ArrayList<>();
            List<CimInstance> added = new ArrayList<>();
            for (HypervDevicePlan.Serial serial : plan.serials()) {
                String name = "COM " + serial.port();
                vm.ofType(HypervVmComponents.SERIAL_PORT).stream().filter(p -> name.equals(p.get("ElementName")))
                        .findFirst().ifPresentOrElse(p -> changed.add(p.with("Connection", serial.pipe())),
                                () -> added.add(defaults.template(SERIAL_SD, HypervVmComponents.SERIAL_PORT,
                                        SERIAL_PORT).with("ElementName", name).with("Connection", serial.pipe())));
            }
            modify(changed);
            add(added);
        }

        private void nics(HypervDevicePlan plan, Map<String, String> switches) {
            List<CimInstance> ports = new ArrayList<>();
            for (HypervDevicePlan.Nic nic : plan.nics()) {
                ports.add(defaults.template(SEPSD, HypervVmComponents.ETHERNET_PORT, ETHERNET_PORT)
                        .with("ElementName", "Network Adapter")
                        .with("Address", nic.mac().replace(":", "").toUpperCase(Locale.ROOT))
                        .with("StaticMacAddress", "true")
                        .with("VirtualSystemIdentifiers", "{" + UUID.randomUUID() + "}"));
            }
            List<CimReference> portRefs = add(ports);
            List<CimInstance> connections = new ArrayList<>();
            for (int i = 0; i < plan.nics().size(); i++) {
                CimReference port = portRefs.get(i);
                connections.add(defaults.template(EPASD, HypervVmComponents.ETHERNET_CONNECTION, ETHERNET_CONNECTION)
                        .with("Parent", HypervObjects.settingDataPath(host, port.className(),
                                port.selectors().get("InstanceID")))
                        .with("HostResource", HypervObjects.switchPath(host, switches.get(plan.nics().get(i).bridge())))
                        .with("EnabledState", "2"));
            }
            add(connections);
        }

        /** AddResourceSettings of these instances in one call; the new resources' references in the same order. */
        private List<CimReference> add(List<CimInstance> resources) {
            if (resources.isEmpty()) {
                return List.of();
            }
            CimInstance output = wmi.invoke(service, "AddResourceSettings", List.of(
                    CimParameter.reference("AffectedConfiguration", settings),
                    CimParameter.embedded("ResourceSettings", typed(resources)))).output();
            List<CimReference> made = HypervObjects.references(output, "ResultingResourceSettings");
            if (made.size() != resources.size()) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV, "AddResourceSettings made "
                        + made.size() + " of " + resources.size() + " " + resources.get(0).className() + " resources");
            }
            return made;
        }

        private void modify(List<CimInstance> resources) {
            if (!resources.isEmpty()) {
                wmi.invoke(service, "ModifyResourceSettings", List.of(
                        CimParameter.embedded("ResourceSettings", typed(resources))));
            }
        }
    }

    private static CimInstance[] typed(List<CimInstance> resources) {
        return resources.stream().map(HypervObjects::typed).toArray(CimInstance[]::new);
    }

    /** Hyper-V's form of a VM's GUID (upper case). */
    static String guid(UUID uuid) {
        return uuid.toString().toUpperCase(Locale.ROOT);
    }

    /**
     * Runs WMI exchanges, turning the client's failures into libvirt's hyperv errors (worded as its
     * {@code hypervInvokeMethod}: {@code Invocation of M returned an error: TEXT (CODE)}, {@code Concrete job for M
     * invocation is in error state}, OPERATION_TIMEOUT {@code Timeout waiting for M invocation}).
     */
    static <T> T call(Supplier<T> exchanges) {
        try {
            return exchanges.get();
        } catch (WsmanMethodException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV, "Invocation of " + e.method()
                    + " returned an error: " + e.description() + " (" + e.returnValue() + ")", e);
        } catch (WsmanJobFailedException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV, "Concrete job for " + e.method()
                    + " invocation is in error state: " + e.getMessage(), e);
        } catch (WsmanJobTimeoutException e) {
            throw new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.HYPERV, "Timeout waiting for "
                    + e.method() + " invocation: " + e.getMessage(), e);
        } catch (WsmanAuthenticationException e) {
            throw new VirtException(ErrorCode.AUTH_FAILED, ErrorDomain.HYPERV, e.getMessage(), e);
        } catch (WsmanException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV, e.getMessage(), e);
        }
    }
}
