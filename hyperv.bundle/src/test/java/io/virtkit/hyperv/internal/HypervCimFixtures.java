package io.virtkit.hyperv.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.virtkit.hyperv.internal.wsman.CimInstance;

/** Hand-made CIM instances shaped as a Hyper-V host's, for tests that need no host. */
final class HypervCimFixtures {

    static final String HOST = "HV-HOST";

    private HypervCimFixtures() {
    }

    /** An instance of {@code className} with these properties (name, value, …; a List value is an array). */
    static CimInstance instance(String className, Object... namesAndValues) {
        Map<String, List<Object>> properties = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            properties.put((String) namesAndValues[i], value instanceof List<?> list ? List.copyOf(list)
                    : value == null ? List.of() : List.of(value));
        }
        return new CimInstance(className, HypervObjects.RESOURCE_URI + className, properties);
    }

    static CimInstance system(String guid, String name, int enabledState, Integer processId) {
        return instance("Msvm_ComputerSystem", "CreationClassName", "Msvm_ComputerSystem", "Name", guid,
                "ElementName", name, "Description", "Microsoft Virtual Machine", "EnabledState",
                String.valueOf(enabledState), "ProcessID", processId == null ? null : processId.toString());
    }

    static CimInstance settings(String guid, String name, String... notes) {
        return instance("Msvm_VirtualSystemSettingData", "InstanceID", "Microsoft:" + guid, "ElementName", name,
                "VirtualSystemIdentifier", guid, "VirtualSystemType", "Microsoft:Hyper-V:System:Realized",
                "VirtualSystemSubType", "Microsoft:Hyper-V:SubType:1", "Notes", List.of((Object[]) notes));
    }

    static CimInstance processor(String guid, int vcpus) {
        return instance("Msvm_ProcessorSettingData", "InstanceID", "Microsoft:" + guid + "\\b637f346-6a0e-4dec",
                "ResourceType", "3", "VirtualQuantity", String.valueOf(vcpus));
    }

    static CimInstance memory(String guid, long mib) {
        return instance("Msvm_MemorySettingData", "InstanceID", "Microsoft:" + guid + "\\4764334d-e001-4176",
                "ResourceType", "4", "VirtualQuantity", String.valueOf(mib), "Limit", "1048576");
    }

    static CimInstance rasd(String instanceId, int type, String subType, String parentId, String address,
            String addressOnParent) {
        return instance("Msvm_ResourceAllocationSettingData", "InstanceID", instanceId, "ResourceType",
                String.valueOf(type), "ResourceSubType", subType,
                "Parent", parentId == null ? null : path("Msvm_ResourceAllocationSettingData", parentId),
                "Address", address, "AddressOnParent", addressOnParent);
    }

    static CimInstance storage(String instanceId, String subType, String driveId, String image) {
        return instance("Msvm_StorageAllocationSettingData", "InstanceID", instanceId, "ResourceType", "31",
                "ResourceSubType", subType, "Parent", path("Msvm_ResourceAllocationSettingData", driveId),
                "HostResource", image == null ? List.of() : List.of(image));
    }

    static CimInstance serial(String instanceId, int port, String pipe) {
        return instance("Msvm_SerialPortSettingData", "InstanceID", instanceId, "ResourceType", "21",
                "ResourceSubType", "Microsoft:Hyper-V:Serial Port", "ElementName", "COM " + port,
                "Connection", pipe == null ? List.of() : List.of(pipe));
    }

    static CimInstance nicPort(String instanceId, String macHex) {
        return instance("Msvm_SyntheticEthernetPortSettingData", "InstanceID", instanceId, "ResourceType", "10",
                "ResourceSubType", "Microsoft:Hyper-V:Synthetic Ethernet Port", "Address", macHex,
                "StaticMacAddress", "true");
    }

    static CimInstance nicConnection(String instanceId, String portId, String switchGuid) {
        return instance("Msvm_EthernetPortAllocationSettingData", "InstanceID", instanceId, "ResourceType", "33",
                "ResourceSubType", "Microsoft:Hyper-V:Ethernet Connection",
                "Parent", path("Msvm_SyntheticEthernetPortSettingData", portId), "EnabledState", "2",
                "HostResource", switchGuid == null ? List.of() : List.of(HypervObjects.switchPath(HOST, switchGuid)));
    }

    static CimInstance vswitch(String guid, String name) {
        return instance("Msvm_VirtualEthernetSwitch", "CreationClassName", "Msvm_VirtualEthernetSwitch", "Name",
                guid, "ElementName", name);
    }

    static String path(String className, String instanceId) {
        return HypervObjects.settingDataPath(HOST, className, instanceId);
    }
}
