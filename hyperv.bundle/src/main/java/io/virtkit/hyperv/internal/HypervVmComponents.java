package io.virtkit.hyperv.internal;

import java.util.List;
import java.util.Optional;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.hyperv.internal.wsman.CimInstance;
import io.virtkit.hyperv.internal.wsman.Wql;

/**
 * What a virtual machine is made of, as its domain XML and a definition need it: its {@code Msvm_ComputerSystem},
 * its {@code Msvm_VirtualSystemSettingData} (through {@code Msvm_SettingsDefineState}), every component of those
 * settings (processor, memory, controllers, drives, storage, serial and ethernet ports: one
 * {@code Msvm_VirtualSystemSettingDataComponent} query for all of them, not one per class or device) and, when it
 * has connected NICs, the host's virtual switches.
 *
 * @param system     the VM's Msvm_ComputerSystem
 * @param settings   its Msvm_VirtualSystemSettingData
 * @param components the components of those settings, in the host's order
 * @param switches   the host's Msvm_VirtualEthernetSwitch instances (empty when no NIC is connected)
 */
record HypervVmComponents(CimInstance system, CimInstance settings, List<CimInstance> components,
        List<CimInstance> switches) {

    static final int IDE_CONTROLLER = 5;
    static final int SCSI_CONTROLLER = 6;
    static final int ETHERNET_PORT = 10;
    static final int FLOPPY_DRIVE = 14;
    static final int DVD_DRIVE = 16;
    static final int DISK_DRIVE = 17;
    static final int SERIAL_PORT = 21;
    static final int LOGICAL_DISK = 31;
    static final int ETHERNET_CONNECTION = 33;

    HypervVmComponents {
        components = List.copyOf(components);
        switches = List.copyOf(switches);
    }

    /** Reads the settings of the VM whose Msvm_ComputerSystem is {@code system}: two or three queries. */
    static HypervVmComponents read(HypervWmi wmi, CimInstance system) {
        String guid = system.get("Name");
        CimInstance settings = settingsOf(wmi, guid);
        List<CimInstance> components = wmi.query(Wql.associatorsOf(HypervObjects.settingData(settings))
                .assocClass("Msvm_VirtualSystemSettingDataComponent"));
        boolean connected = components.stream()
                .anyMatch(c -> resourceType(c) == ETHERNET_CONNECTION && !c.getAll("HostResource").isEmpty());
        List<CimInstance> switches = connected ? wmi.query(Wql.select("Msvm_VirtualEthernetSwitch")) : List.of();
        return new HypervVmComponents(system, settings, components, switches);
    }

    /** The VM's Msvm_VirtualSystemSettingData (its realized settings, not a snapshot's). */
    static CimInstance settingsOf(HypervWmi wmi, String guid) {
        List<CimInstance> found = wmi.query(Wql.associatorsOf(HypervObjects.computerSystem(guid))
                .assocClass("Msvm_SettingsDefineState").resultClass("Msvm_VirtualSystemSettingData"));
        if (found.isEmpty()) {
            // libvirt's hypervGetMsvmVirtualSystemSettingDataFromUUID fails without a word of its own
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV,
                    "Could not look up virtual system setting data for domain with UUID '" + guid + "'");
        }
        return found.get(0);
    }

    /** The components of one class, in the host's order. */
    List<CimInstance> ofClass(String className) {
        return components.stream().filter(c -> className.equals(c.className())).toList();
    }

    /** The resource allocation components of one resource type, in the host's order. */
    List<CimInstance> ofType(int resourceType) {
        return components.stream().filter(c -> resourceType(c) == resourceType).toList();
    }

    /** The component a {@code Parent} path names. */
    Optional<CimInstance> parent(CimInstance child) {
        String id = HypervObjects.pathKey(child.get("Parent"), "InstanceID");
        return components.stream().filter(c -> c.get("InstanceID") != null && c.get("InstanceID").equals(id))
                .findFirst();
    }

    /** The one component of a class libvirt requires (processor, memory), or libvirt's error naming it. */
    CimInstance required(String className, String what) {
        List<CimInstance> found = ofClass(className);
        if (found.isEmpty()) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV, "Could not look up " + what
                    + " setting data with virtual system instance ID '" + settings.get("InstanceID") + "'");
        }
        return found.get(0);
    }

    static int resourceType(CimInstance instance) {
        String type = instance.get("ResourceType");
        if (type == null) {
            return -1;
        }
        try {
            return Integer.parseInt(type.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
