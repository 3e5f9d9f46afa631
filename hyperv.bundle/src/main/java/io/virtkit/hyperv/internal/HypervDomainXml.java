package io.virtkit.hyperv.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.hyperv.internal.wsman.CimInstance;
import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.domain.ControllerDevice;
import io.virtkit.model.domain.DeviceAddress;
import io.virtkit.model.domain.DeviceInfo;
import io.virtkit.model.domain.DiskDevice;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainDevices;
import io.virtkit.model.domain.DomainOs;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.model.domain.InterfaceDevice;
import io.virtkit.model.domain.OsFirmware;

/**
 * A VM's domain XML from its settings, as libvirt's hyperv driver writes it ({@code hypervDomainGetXMLDesc}):
 * domain type {@code hyperv}, the name and GUID of the Msvm_ComputerSystem, the description from the settings'
 * Notes (several joined by a blank line), current memory from Msvm_MemorySettingData.VirtualQuantity (MiB) and
 * memory from its Limit (as libvirt, and as dominfo: {@link HypervResources#maximumMiB}), vCPUs from Msvm_ProcessorSettingData.VirtualQuantity, os type hvm; one IDE controller for Hyper-V's two
 * IDE channels and a SCSI controller per synthetic SCSI controller; a disk per storage allocation that holds an
 * image (its drive and the drive's controller give bus, target name and drive address as libvirt numbers them:
 * IDE {@code hd[a-d]} by channel*2+slot, SCSI {@code sd…} by controller*64+LUN); a pipe serial port per COM port;
 * a bridge interface per connected NIC (its static MAC and the switch).
 *
 * <p>Where Virtkit says more than libvirt: a generation 2 VM shows {@code <os firmware='efi'>} (libvirt shows
 * nothing, so a redefinition made a generation 1 VM); the interface's bridge is the switch's ElementName, the name
 * Hyper-V Manager shows (libvirt shows its GUID Name; a definition accepts either). libvirt's {@code <maxMemory>}
 * is left out: Hyper-V has no hotplug maximum.
 */
final class HypervDomainXml {

    static final String CDROM_DISK = "Microsoft:Hyper-V:Virtual CD/DVD Disk";
    static final String GENERATION_2 = "Microsoft:Hyper-V:SubType:2";

    private HypervDomainXml() {
    }

    /** The XML of these settings; the VM's ProcessID is its id while it is active. */
    static String xml(HypervVmComponents vm, XmlFlag... flags) {
        DomainDefinition def = definition(vm);
        int id = activeId(vm.system());
        return id >= 0 ? DomainXmlCodec.formatLive(def, id, flags) : DomainXmlCodec.format(def, flags);
    }

    static DomainDefinition definition(HypervVmComponents vm) {
        CimInstance system = vm.system();
        CimInstance settings = vm.settings();
        CimInstance memory = vm.required("Msvm_MemorySettingData", "memory");
        long memoryMiB = number(memory.get("VirtualQuantity"));
        long maximumMiB = HypervResources.maximumMiB(memory);
        int vcpus = (int) number(vm.required("Msvm_ProcessorSettingData", "processor").get("VirtualQuantity"));
        DomainOs os = DomainOs.ofType("hvm");
        if (GENERATION_2.equals(settings.get("VirtualSystemSubType"))) {
            os = os.toBuilder().firmware(new OsFirmware("efi", List.of(), null, null, null, null, null, null, null,
                    List.of())).build();
        }
        DomainDevices.Builder devices = DomainDevices.builder();
        storage(vm, devices);
        vm.ofType(HypervVmComponents.SERIAL_PORT).forEach(port -> serial(port).ifPresent(devices::serial));
        vm.ofType(HypervVmComponents.ETHERNET_CONNECTION).forEach(c -> nic(vm, c).ifPresent(devices::nic));
        String notes = String.join("\n\n", settings.getAll("Notes"));
        return DomainDefinition.builder().type("hyperv").name(system.get("ElementName")).uuid(uuid(system))
                .description(notes.isEmpty() ? null : notes).memoryKiB(maximumMiB * 1024)
                .currentMemoryKiB(memoryMiB * 1024).vcpus(vcpus).os(os).devices(devices.build()).build();
    }

    /** The id libvirt gives an active VM (its worker process id), -1 for an inactive one. */
    static int activeId(CimInstance system) {
        String pid = system.get("ProcessID");
        if (pid == null || pid.isBlank() || !ACTIVE_STATES.contains(system.get("EnabledState"))) {
            return -1;
        }
        return (int) number(pid);
    }

    /** The EnabledStates libvirt counts as active: running, paused and the transitions between states. */
    private static final Set<String> ACTIVE_STATES = Set.of("2", "9", "32768", "32770", "32771", "32773", "32774",
            "32776", "32777");

    private static UUID uuid(CimInstance system) {
        try {
            return UUID.fromString(system.get("Name"));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV,
                    "Could not parse UUID from string '" + system.get("Name") + "'");
        }
    }

    /** libvirt's three passes: controllers, then the disks behind storage allocations, in the host's order. */
    private static void storage(HypervVmComponents vm, DomainDevices.Builder devices) {
        Map<String, Integer> ideChannels = new HashMap<>();
        Map<String, Integer> scsiControllers = new HashMap<>();
        List<ControllerDevice> controllers = new ArrayList<>();
        for (CimInstance c : vm.components()) {
            int type = HypervVmComponents.resourceType(c);
            if (type == HypervVmComponents.IDE_CONTROLLER) {
                if (ideChannels.isEmpty()) {
                    // Hyper-V shows the PIIX4 controller's two channels as two objects; libvirt shows one controller
                    controllers.add(new ControllerDevice("ide", 0, null, null));
                }
                ideChannels.put(c.get("InstanceID"), (int) number(c.get("Address")));
            } else if (type == HypervVmComponents.SCSI_CONTROLLER) {
                controllers.add(new ControllerDevice("scsi", scsiControllers.size(), null, null));
                scsiControllers.put(c.get("InstanceID"), scsiControllers.size());
            }
        }
        for (CimInstance extent : vm.ofType(HypervVmComponents.LOGICAL_DISK)) {
            if (extent.getAll("HostResource").isEmpty() || extent.get("HostResource").isEmpty()) {
                continue; // an empty DVD drive
            }
            CimInstance drive = parentOf(vm, extent);
            DiskDevice.Builder disk = DiskDevice.builder().type(DiskDevice.Type.FILE)
                    .device(CDROM_DISK.equals(extent.get("ResourceSubType")) ? DiskDevice.Device.CDROM
                            : DiskDevice.Device.DISK)
                    .source(extent.get("HostResource"));
            if (HypervVmComponents.resourceType(drive) == HypervVmComponents.FLOPPY_DRIVE) {
                devices.disk(disk.device(DiskDevice.Device.FLOPPY).targetDev("fda").targetBus("fdc").build());
                continue;
            }
            CimInstance controller = parentOf(vm, drive);
            int unit = (int) number(drive.get("AddressOnParent"));
            String controllerId = controller.get("InstanceID");
            if (ideChannels.containsKey(controllerId)) {
                int channel = ideChannels.get(controllerId);
                devices.disk(disk.targetDev(diskName("hd", channel * 2 + unit)).targetBus("ide")
                        .info(DeviceInfo.ofAddress(new DeviceAddress.Drive(0, channel, 0, unit))).build());
            } else if (scsiControllers.containsKey(controllerId)) {
                int index = scsiControllers.get(controllerId);
                devices.disk(disk.targetDev(diskName("sd", index * 64 + unit)).targetBus("scsi")
                        .info(DeviceInfo.ofAddress(new DeviceAddress.Drive(index, 0, 0, unit))).build());
            } else {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV,
                        "Unrecognized controller type " + controller.get("ResourceType"));
            }
        }
        devices.controllers(controllers);
    }

    private static CimInstance parentOf(HypervVmComponents vm, CimInstance child) {
        return vm.parent(child).orElseThrow(() -> new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV,
                "Failed to locate parent device with ID '" + child.get("Parent") + "'"));
    }

    /** A COM port as libvirt shows it: port N of "COM N", its pipe, or "-1" when it is not connected. */
    private static Optional<CharDevice> serial(CimInstance port) {
        String name = port.get("ElementName");
        int number = name != null && name.length() > 4 && Character.isDigit(name.charAt(4)) ? name.charAt(4) - '0' : 0;
        if (number < 1) {
            return Optional.empty();
        }
        String pipe = port.get("Connection");
        return Optional.of(CharDevice.builder().type(CharDevice.Type.PIPE)
                .sourcePath(pipe == null || pipe.isEmpty() ? "-1" : pipe).targetPort(number).build());
    }

    /** A NIC connected to a switch (libvirt leaves out one that is not, or whose connection is disabled). */
    private static Optional<InterfaceDevice> nic(HypervVmComponents vm, CimInstance connection) {
        String switchPath = connection.get("HostResource");
        if (switchPath == null || switchPath.isEmpty() || "3".equals(connection.get("EnabledState"))) {
            return Optional.empty();
        }
        CimInstance port = vm.parent(connection).orElseThrow(() -> new VirtException(ErrorCode.INTERNAL_ERROR,
                ErrorDomain.HYPERV, "Could not retrieve NIC settings"));
        String switchName = HypervObjects.pathKey(switchPath, "Name");
        CimInstance vswitch = vm.switches().stream().filter(s -> switchName.equalsIgnoreCase(s.get("Name")))
                .findFirst().orElseThrow(() -> new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV,
                        "Could not retrieve virtual switch"));
        return Optional.of(InterfaceDevice.builder().type(InterfaceDevice.Type.BRIDGE).mac(mac(port.get("Address")))
                .source(vswitch.get("ElementName")).build());
    }

    /** {@code 00155D010203} → {@code 00:15:5d:01:02:03}. */
    static String mac(String hex) {
        if (hex == null || !hex.matches("[0-9A-Fa-f]{12}")) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV,
                    "Could not parse MAC address from '" + hex + "'");
        }
        StringBuilder mac = new StringBuilder();
        for (int i = 0; i < 12; i += 2) {
            mac.append(i == 0 ? "" : ":").append(hex, i, i + 2);
        }
        return mac.toString().toLowerCase(Locale.ROOT);
    }

    /** libvirt's virIndexToDiskName: 0 → a, 25 → z, 26 → aa. */
    static String diskName(String prefix, int index) {
        StringBuilder name = new StringBuilder();
        for (int i = index; i >= 0; i = i / 26 - 1) {
            name.insert(0, (char) ('a' + i % 26));
        }
        return prefix + name;
    }

    private static long number(String text) {
        if (text == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV, "Missing numeric setting");
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV,
                    "Could not parse number from '" + text + "'");
        }
    }
}
