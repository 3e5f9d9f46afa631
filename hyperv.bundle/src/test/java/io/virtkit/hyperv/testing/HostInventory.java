package io.virtkit.hyperv.testing;

import java.util.List;
import java.util.Map;

/**
 * What a Hyper-V host holds besides its VMs: the host's own Msvm_ComputerSystem, the management service, the
 * root/cimv2 facts (Windows Server 2019, two sockets of four cores) and the defaults for new resources —
 * Msvm_ResourcePool → Msvm_AllocationCapabilities (Msvm_ElementCapabilities) → setting templates
 * (Msvm_SettingsDefineCapabilities; the default's InstanceID ends in {@code \Default}, as clients look for).
 */
final class HostInventory {

    static final String HOST_NAME = WmiPath.HOST_NAME;
    static final String HOST_UUID = "4C4C4544-0042-3510-8052-B4C04F4E3032";
    static final long TOTAL_MEMORY_BYTES = 64L * 1024 * 1024 * 1024;
    static final int SOCKETS = 2;
    static final int CORES_PER_SOCKET = 4;
    static final int THREADS_PER_CORE = 2;

    /** A resource class Hyper-V offers, with the class its settings are instances of. */
    private record ResourceKind(String resourceType, String subType, String settingsClass, String poolId) {
    }

    private static final List<ResourceKind> KINDS = List.of(
            new ResourceKind("5", "Microsoft:Hyper-V:Emulated IDE Controller", "Msvm_ResourceAllocationSettingData",
                    "83F8638B-8DCA-4152-9EDA-2CA8B33039B4"),
            new ResourceKind("6", "Microsoft:Hyper-V:Synthetic SCSI Controller",
                    "Msvm_ResourceAllocationSettingData", "D422512D-2BF2-4752-809D-7B82B5FCB1B4"),
            new ResourceKind("10", "Microsoft:Hyper-V:Synthetic Ethernet Port",
                    "Msvm_SyntheticEthernetPortSettingData", "6A45335D-4C3A-44B7-B61F-C9808BBDF8ED"),
            new ResourceKind("16", "Microsoft:Hyper-V:Synthetic DVD Drive", "Msvm_ResourceAllocationSettingData",
                    "D94CB3E2-1B4C-4D1A-A8B2-F1E8AC7B6C4D"),
            new ResourceKind("17", "Microsoft:Hyper-V:Synthetic Disk Drive", "Msvm_ResourceAllocationSettingData",
                    "D12F8A47-C5A9-45C4-A5F4-7E1B3B5D0E21"),
            new ResourceKind("21", "Microsoft:Hyper-V:Serial Port", "Msvm_SerialPortSettingData",
                    "E2E7A2B4-4C2B-4B5B-9D5A-1E0A6F1D2C31"),
            new ResourceKind("31", "Microsoft:Hyper-V:Virtual Hard Disk", "Msvm_StorageAllocationSettingData",
                    "70BB60D2-A9D3-46AA-B654-3DE53004B4F8"),
            new ResourceKind("31", "Microsoft:Hyper-V:Virtual CD/DVD Disk", "Msvm_StorageAllocationSettingData",
                    "F6C1A6E4-1E2B-4B8F-8C1D-4E5A3B2C1D0F"),
            new ResourceKind("33", "Microsoft:Hyper-V:Ethernet Connection", "Msvm_EthernetPortAllocationSettingData",
                    "C80BF7B0-2A2F-4A6C-9F77-2C9D3B5D6F10"));

    /** The four templates of each kind: InstanceID suffix → CIM ValueRole and ValueRange. */
    private static final Map<String, Map<String, String>> VALUE_ROLES = orderedRoles();

    private static Map<String, Map<String, String>> orderedRoles() {
        Map<String, Map<String, String>> roles = new java.util.LinkedHashMap<>();
        roles.put("Default", Map.of("ValueRole", "0", "ValueRange", "0"));
        roles.put("Minimum", Map.of("ValueRole", "3", "ValueRange", "1"));
        roles.put("Maximum", Map.of("ValueRole", "3", "ValueRange", "2"));
        roles.put("Increment", Map.of("ValueRole", "3", "ValueRange", "3"));
        return roles;
    }

    private HostInventory() {
    }

    static void seed(CimRepository repository) {
        repository.add(new CimObject("Msvm_ComputerSystem")
                .set("Caption", "Hosting Computer System")
                .set("Description", "Microsoft Hosting Computer System")
                .set("ElementName", HOST_NAME)
                .set("Name", HOST_NAME)
                .set("CreationClassName", "Msvm_ComputerSystem")
                .set("EnabledState", "2")
                .set("RequestedState", "12")
                .set("HealthState", "5"));
        repository.add(new CimObject("Msvm_VirtualSystemManagementService")
                .set("Caption", "Virtual Machine Management Service")
                .set("Description", "Service for managing virtual machines")
                .set("ElementName", "Virtual Machine Management Service")
                .set("CreationClassName", "Msvm_VirtualSystemManagementService")
                .set("Name", "vmms")
                .set("SystemCreationClassName", "Msvm_ComputerSystem")
                .set("SystemName", HOST_NAME)
                .set("EnabledState", "2"));
        seedCimv2(repository);
        KINDS.forEach(kind -> seedDefaults(repository, kind));
    }

    private static void seedCimv2(CimRepository repository) {
        repository.add(new CimObject("Win32_OperatingSystem")
                .set("Name", "Microsoft Windows Server 2019 Datacenter|C:\\Windows|\\Device\\Harddisk0\\Partition2")
                .set("Caption", "Microsoft Windows Server 2019 Datacenter")
                .set("Version", "10.0.17763")
                .set("BuildNumber", "17763")
                .set("CSName", HOST_NAME)
                .set("TotalVisibleMemorySize", Long.toString(TOTAL_MEMORY_BYTES / 1024))
                .set("FreePhysicalMemory", Long.toString(TOTAL_MEMORY_BYTES / 2048)));
        CimObject computer = repository.add(new CimObject("Win32_ComputerSystem")
                .set("Name", HOST_NAME)
                .set("DNSHostName", HOST_NAME.toLowerCase(java.util.Locale.ROOT))
                .set("Domain", "standin.example")
                .set("Manufacturer", "Stand-in")
                .set("Model", "Stand-in Hyper-V host")
                .set("TotalPhysicalMemory", Long.toString(TOTAL_MEMORY_BYTES))
                .set("NumberOfProcessors", Integer.toString(SOCKETS))
                .set("NumberOfLogicalProcessors", Integer.toString(SOCKETS * CORES_PER_SOCKET * THREADS_PER_CORE)));
        repository.add(new CimObject("Win32_ComputerSystemProduct")
                .set("IdentifyingNumber", "STANDIN0001")
                .set("Name", "Stand-in Hyper-V host")
                .set("Version", "1.0")
                .set("UUID", HOST_UUID)
                .set("Vendor", "Stand-in"));
        for (int socket = 0; socket < SOCKETS; socket++) {
            CimObject processor = repository.add(new CimObject("Win32_Processor")
                    .set("DeviceID", "CPU" + socket)
                    .set("Name", "Intel(R) Xeon(R) CPU E5-2630 v4 @ 2.20GHz")
                    .set("Manufacturer", "GenuineIntel")
                    .set("MaxClockSpeed", "2200")
                    .set("NumberOfCores", Integer.toString(CORES_PER_SOCKET))
                    .set("NumberOfLogicalProcessors", Integer.toString(CORES_PER_SOCKET * THREADS_PER_CORE))
                    .set("SocketDesignation", "CPU" + socket));
            repository.associate("Win32_ComputerSystemProcessor", computer, processor);
        }
    }

    private static void seedDefaults(CimRepository repository, ResourceKind kind) {
        CimObject pool = repository.add(new CimObject("Msvm_ResourcePool")
                .set("InstanceID", "Microsoft:" + kind.poolId())
                .set("ElementName", kind.subType())
                .set("PoolID", kind.subType())
                .set("Primordial", "true")
                .set("ResourceType", kind.resourceType())
                .set("ResourceSubType", kind.subType()));
        CimObject capabilities = repository.add(new CimObject("Msvm_AllocationCapabilities")
                .set("InstanceID", "Microsoft:" + kind.poolId())
                .set("ElementName", kind.subType())
                .set("ResourceType", kind.resourceType())
                .set("ResourceSubType", kind.subType()));
        repository.associate("Msvm_ElementCapabilities", pool, capabilities);
        for (Map.Entry<String, Map<String, String>> valueRole : VALUE_ROLES.entrySet()) {
            String role = valueRole.getKey();
            CimObject template = new CimObject(kind.settingsClass())
                    .set("InstanceID", "Microsoft:Definition\\" + kind.poolId() + "\\" + role)
                    .set("ElementName", kind.subType())
                    .set("ResourceType", kind.resourceType())
                    .set("ResourceSubType", kind.subType())
                    .set("PoolID", "")
                    .set("Parent", null)
                    .set("Address", null)
                    .set("AddressOnParent", null)
                    .set("HostResource", List.of());
            if (kind.resourceType().equals("10")) {
                template.set("StaticMacAddress", "false").set("Address", "");
            }
            if (kind.resourceType().equals("21")) {
                template.set("Connection", List.of());
            }
            repository.add(template);
            repository.associate("Msvm_SettingsDefineCapabilities", capabilities, template,
                    new java.util.TreeMap<>(valueRole.getValue()));
        }
    }
}
