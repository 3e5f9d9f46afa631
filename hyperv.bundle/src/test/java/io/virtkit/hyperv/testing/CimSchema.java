package io.virtkit.hyperv.testing;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The classes the stand-in Hyper-V host knows: their WMI namespace, key properties and superclasses. A class missing
 * here is what WMI calls an invalid class. Superclasses matter because a WQL {@code SELECT} or {@code ResultClass}
 * naming a class also matches its subclasses, as WMI does.
 */
final class CimSchema {

    static final String VIRTUALIZATION = "root/virtualization/v2";
    static final String CIMV2 = "root/cimv2";
    static final String RESOURCE_URI_PREFIX = "http://schemas.microsoft.com/wbem/wsman/1/wmi/";

    /** One class: where it lives, its keys, its superclass chain (nearest first). */
    record CimClass(String name, String namespace, List<String> keys, List<String> superclasses) {
        String resourceUri() {
            return RESOURCE_URI_PREFIX + namespace + "/" + name;
        }

        boolean isA(String className) {
            return name.equalsIgnoreCase(className)
                    || superclasses.stream().anyMatch(s -> s.equalsIgnoreCase(className));
        }
    }

    private static final List<String> INSTANCE_ID = List.of("InstanceID");
    private static final List<String> SYSTEM_KEYS = List.of("CreationClassName", "Name");
    private static final List<String> SERVICE_KEYS =
            List.of("CreationClassName", "Name", "SystemCreationClassName", "SystemName");
    private static final List<String> RASD = List.of("CIM_ResourceAllocationSettingData", "CIM_SettingData");

    private static final Map<String, CimClass> CLASSES = index(List.of(
            virtualization("Msvm_ComputerSystem", SYSTEM_KEYS, "CIM_ComputerSystem", "CIM_System"),
            virtualization("Msvm_VirtualSystemSettingData", INSTANCE_ID, "CIM_VirtualSystemSettingData",
                    "CIM_SettingData"),
            virtualization("Msvm_ProcessorSettingData", INSTANCE_ID, "CIM_ProcessorAllocationSettingData",
                    "CIM_ResourceAllocationSettingData", "CIM_SettingData"),
            virtualization("Msvm_MemorySettingData", INSTANCE_ID, "CIM_MemorySettingData",
                    "CIM_ResourceAllocationSettingData", "CIM_SettingData"),
            virtualization("Msvm_ResourceAllocationSettingData", INSTANCE_ID, RASD),
            virtualization("Msvm_StorageAllocationSettingData", INSTANCE_ID, RASD),
            virtualization("Msvm_SerialPortSettingData", INSTANCE_ID, "Msvm_ResourceAllocationSettingData",
                    "CIM_ResourceAllocationSettingData", "CIM_SettingData"),
            virtualization("Msvm_SyntheticEthernetPortSettingData", INSTANCE_ID,
                    "CIM_EthernetPortAllocationSettingData", "CIM_ResourceAllocationSettingData", "CIM_SettingData"),
            virtualization("Msvm_EthernetPortAllocationSettingData", INSTANCE_ID,
                    "CIM_EthernetPortAllocationSettingData", "CIM_ResourceAllocationSettingData", "CIM_SettingData"),
            virtualization("Msvm_ConcreteJob", INSTANCE_ID, "CIM_ConcreteJob", "CIM_Job"),
            virtualization("Msvm_VirtualSystemManagementService", SERVICE_KEYS,
                    "CIM_VirtualSystemManagementService", "CIM_Service"),
            virtualization("Msvm_ShutdownComponent",
                    List.of("CreationClassName", "DeviceID", "SystemCreationClassName", "SystemName"),
                    "CIM_LogicalDevice"),
            virtualization("Msvm_VirtualEthernetSwitch", SYSTEM_KEYS, "CIM_ComputerSystem", "CIM_System"),
            virtualization("Msvm_ResourcePool", INSTANCE_ID, "CIM_ResourcePool"),
            virtualization("Msvm_AllocationCapabilities", INSTANCE_ID, "CIM_AllocationCapabilities",
                    "CIM_Capabilities"),
            cimv2("Win32_OperatingSystem", List.of("Name"), "CIM_OperatingSystem"),
            cimv2("Win32_ComputerSystem", List.of("Name"), "CIM_UnitaryComputerSystem", "CIM_ComputerSystem"),
            cimv2("Win32_ComputerSystemProduct", List.of("IdentifyingNumber", "Name", "Version"), "CIM_Product"),
            cimv2("Win32_Processor", List.of("DeviceID"), "CIM_Processor", "CIM_LogicalDevice"),
            // Association classes: their keys are their two references (the roles, left end first).
            virtualization("Msvm_SettingsDefineState", List.of("ManagedElement", "SettingData"),
                    "CIM_SettingsDefineState"),
            virtualization("Msvm_VirtualSystemSettingDataComponent", List.of("GroupComponent", "PartComponent"),
                    "CIM_VirtualSystemSettingDataComponent", "CIM_Component"),
            virtualization("Msvm_SystemDevice", List.of("GroupComponent", "PartComponent"), "CIM_SystemDevice",
                    "CIM_Component"),
            virtualization("Msvm_ElementCapabilities", List.of("ManagedElement", "Capabilities"),
                    "CIM_ElementCapabilities"),
            virtualization("Msvm_SettingsDefineCapabilities", List.of("GroupComponent", "PartComponent"),
                    "CIM_SettingsDefineCapabilities", "CIM_Component"),
            cimv2("Win32_ComputerSystemProcessor", List.of("GroupComponent", "PartComponent"),
                    "Win32_SystemDevices", "CIM_SystemDevice", "CIM_Component")));

    private CimSchema() {
    }

    private static CimClass virtualization(String name, List<String> keys, String... superclasses) {
        return new CimClass(name, VIRTUALIZATION, keys, List.of(superclasses));
    }

    private static CimClass virtualization(String name, List<String> keys, List<String> superclasses) {
        return new CimClass(name, VIRTUALIZATION, keys, superclasses);
    }

    private static CimClass cimv2(String name, List<String> keys, String... superclasses) {
        return new CimClass(name, CIMV2, keys, List.of(superclasses));
    }

    private static Map<String, CimClass> index(List<CimClass> classes) {
        return classes.stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                c -> c.name().toLowerCase(Locale.ROOT), c -> c));
    }

    /** A class by name, case-insensitively as WMI matches class names. */
    static Optional<CimClass> find(String className) {
        return Optional.ofNullable(CLASSES.get(className.toLowerCase(Locale.ROOT)));
    }

    static CimClass get(String className) {
        return find(className).orElseThrow(() -> new IllegalArgumentException("no class " + className));
    }

    /**
     * Whether a name is a class of the namespace or one of its superclasses, so {@code SELECT * FROM
     * CIM_ResourceAllocationSettingData} is a valid query as on a real host.
     */
    static boolean knownInNamespace(String className, String namespace) {
        return CLASSES.values().stream().filter(c -> c.namespace().equals(namespace)).anyMatch(c -> c.isA(className));
    }

    /** The namespace a resource URI names ({@code …/wmi/root/virtualization/v2/Class} or {@code …/v2/*}). */
    static Optional<String> namespaceOf(String resourceUri) {
        for (String namespace : List.of(VIRTUALIZATION, CIMV2)) {
            if (resourceUri.startsWith(RESOURCE_URI_PREFIX + namespace + "/")) {
                return Optional.of(namespace);
            }
        }
        return Optional.empty();
    }

    /** The last path segment of a resource URI: the class name, or {@code *}. */
    static String classNameOf(String resourceUri) {
        return resourceUri.substring(resourceUri.lastIndexOf('/') + 1);
    }
}
