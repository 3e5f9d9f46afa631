package io.virtkit.hyperv.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.hyperv.internal.wsman.CimInstance;
import io.virtkit.hyperv.internal.wsman.CimParameter;
import io.virtkit.hyperv.internal.wsman.CimReference;
import io.virtkit.hyperv.internal.wsman.Wql;

/**
 * The resources of a VM DefineSystem has just made, set up family by family from the host's templates: vCPUs and
 * memory in one ModifyResourceSettings; then one AddResourceSettings each for the SCSI controllers, the drives
 * (Parent = the controller's object path, AddressOnParent = the slot or LUN), the disk images (Parent = the drive,
 * HostResource = the file), the COM ports the VM lacks (those it has are connected by a ModifyResourceSettings, as
 * libvirt does), the NICs' synthetic ports (static MAC) and their switch connections (HostResource = the switch's
 * object path). The new resources come back as ResultingResourceSettings in the order they were sent.
 */
final class HypervVmSetup {

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
    private final CimReference service;
    private final String host;
    private final String guid;
    private final HypervDefaults defaults;
    private CimReference settings;
    private HypervVmComponents vm;

    HypervVmSetup(HypervWmi wmi, CimInstance service, String guid, HypervDefaults defaults) {
        this.wmi = wmi;
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
                        .with("VirtualQuantity", String.valueOf(plan.memoryMiB()))
                        .with("Limit", String.valueOf(plan.maximumMiB()))));
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

    /** Reads every template the plan needs, so that a host without them fails before anything exists. */
    static void templatesOf(HypervDevicePlan plan, HypervDefaults defaults) {
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

    static CimInstance drive(HypervDefaults defaults, HypervDevicePlan.Disk disk) {
        return disk.dvd() ? defaults.template(RASD, HypervVmComponents.DVD_DRIVE, DVD_DRIVE)
                : defaults.template(RASD, HypervVmComponents.DISK_DRIVE, DISK_DRIVE);
    }

    static CimInstance image(HypervDefaults defaults, HypervDevicePlan.Disk disk) {
        String subType = disk.bus() == HypervDevicePlan.Bus.FLOPPY ? FLOPPY_DISK
                : disk.dvd() ? HypervDomainXml.CDROM_DISK : VHD;
        return defaults.template(SASD, HypervVmComponents.LOGICAL_DISK, subType);
    }

    private static CimInstance[] typed(List<CimInstance> resources) {
        return resources.stream().map(HypervObjects::typed).toArray(CimInstance[]::new);
    }
}
