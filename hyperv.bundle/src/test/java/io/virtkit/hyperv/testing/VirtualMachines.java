package io.virtkit.hyperv.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds and takes apart the instances of virtual machines as Hyper-V lays them out: the Msvm_ComputerSystem, its
 * Msvm_VirtualSystemSettingData (Msvm_SettingsDefineState) and the resource settings components of that
 * (Msvm_VirtualSystemSettingDataComponent), each with a {@code Microsoft:GUID\…} InstanceID. Not thread-safe: the
 * host calls it under its lock.
 */
final class VirtualMachines {

    static final String VIRTUAL_MACHINE = "Microsoft Virtual Machine";
    static final String SETTINGS_DEFINE_STATE = "Msvm_SettingsDefineState";
    static final String COMPONENT = "Msvm_VirtualSystemSettingDataComponent";
    static final String SYSTEM_DEVICE = "Msvm_SystemDevice";
    // Hyper-V's fixed class-of-device GUIDs in InstanceIDs (processor, memory, IDE controllers).
    private static final String PROCESSOR_ID = "b637f346-6a0e-4dec-af52-bd70cb80a21d";
    private static final String MEMORY_ID = "4764334d-e001-4176-82ee-5594ec9b530e";
    static final String IDE_ID = "83F8638B-8DCA-4152-9EDA-2CA8B33039B4";
    private static final String SHUTDOWN_ID = "9F8233AC-BE49-4C79-8EE3-E7E1985B2077";

    private final CimRepository repository;
    private final Map<String, Long> startedAt = new java.util.HashMap<>();

    VirtualMachines(CimRepository repository) {
        this.repository = repository;
    }

    static String newGuid() {
        return UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
    }

    /** A VM with its settings, processor, memory and two IDE controllers; its GUID. */
    String create(String name, int vcpus, long memoryMiB, int enabledState, String subType) {
        String guid = newGuid();
        CimObject system = new CimObject("Msvm_ComputerSystem")
                .set("Caption", "Virtual Machine")
                .set("Description", VIRTUAL_MACHINE)
                .set("ElementName", name)
                .set("InstallDate", CimDatetime.at(Instant.now()))
                .set("Name", guid)
                .set("CreationClassName", "Msvm_ComputerSystem")
                .set("EnabledState", Integer.toString(enabledState))
                .set("RequestedState", "12")
                .set("HealthState", "5")
                .set("OnTimeInMilliseconds", "0")
                .set("ProcessID", null);
        repository.add(system);
        setRunningFacts(system, enabledState);
        CimObject settings = new CimObject("Msvm_VirtualSystemSettingData")
                .set("InstanceID", "Microsoft:" + guid)
                .set("Caption", "Virtual Machine Settings")
                .set("ElementName", name)
                .set("VirtualSystemIdentifier", guid)
                .set("VirtualSystemType", "Microsoft:Hyper-V:System:Realized")
                .set("VirtualSystemSubType", subType)
                .set("ConfigurationID", guid)
                .set("BIOSGUID", "{" + newGuid() + "}")
                .set("Notes", List.of())
                .set("CreationTime", CimDatetime.at(Instant.now()));
        repository.add(settings);
        repository.associate(SETTINGS_DEFINE_STATE, system, settings);
        addComponent(guid, processor(guid, vcpus));
        addComponent(guid, memory(guid, memoryMiB));
        for (int controller = 0; controller < 2; controller++) {
            addComponent(guid, new CimObject("Msvm_ResourceAllocationSettingData")
                    .set("InstanceID", "Microsoft:" + guid + "\\" + IDE_ID + "\\" + controller)
                    .set("ElementName", "IDE Controller " + controller)
                    .set("ResourceType", "5")
                    .set("ResourceSubType", "Microsoft:Hyper-V:Emulated IDE Controller")
                    .set("Address", Integer.toString(controller))
                    .set("Parent", null));
        }
        return guid;
    }

    private static CimObject processor(String guid, int vcpus) {
        return new CimObject("Msvm_ProcessorSettingData")
                .set("InstanceID", "Microsoft:" + guid + "\\" + PROCESSOR_ID + "\\0")
                .set("ElementName", "Processor")
                .set("ResourceType", "3")
                .set("ResourceSubType", "Microsoft:Hyper-V:Processor")
                .set("VirtualQuantity", Integer.toString(vcpus))
                .set("Limit", "100000")
                .set("Reservation", "0")
                .set("Weight", "100");
    }

    private static CimObject memory(String guid, long memoryMiB) {
        String quantity = Long.toString(memoryMiB);
        return new CimObject("Msvm_MemorySettingData")
                .set("InstanceID", "Microsoft:" + guid + "\\" + MEMORY_ID)
                .set("ElementName", "Memory")
                .set("ResourceType", "4")
                .set("ResourceSubType", "Microsoft:Hyper-V:Memory")
                .set("AllocationUnits", "byte * 2^20")
                .set("VirtualQuantity", quantity)
                .set("Limit", quantity)
                .set("Reservation", quantity)
                .set("DynamicMemoryEnabled", "false");
    }

    /** Adds a resource setting of the VM (its InstanceID set already) and links it to the VM's settings. */
    CimObject addComponent(String guid, CimObject setting) {
        repository.add(setting);
        repository.associate(COMPONENT, settings(guid).orElseThrow(), setting);
        return setting;
    }

    /**
     * A fresh InstanceID for a new resource of the VM in Hyper-V's shapes: a drive under its controller
     * ({@code …\CONTROLLER\ADDRESS\D}), the disk image in a drive ({@code …\L}), a NIC connection ({@code …\C}),
     * anything else {@code Microsoft:VM\NEWGUID[\0]}.
     */
    String newInstanceId(String guid, String resourceType, CimObject parent, String addressOnParent) {
        String base = "Microsoft:" + guid + "\\" + newGuid();
        String candidate = switch (resourceType == null ? "" : resourceType) {
            case "16", "17" -> parent == null ? base + "\\0\\D"
                    : parent.text("InstanceID") + "\\" + (addressOnParent == null ? "0" : addressOnParent) + "\\D";
            case "31" -> parent == null ? base + "\\0\\L" : trimSuffix(parent.text("InstanceID"), "\\D") + "\\L";
            case "33" -> parent == null ? base + "\\C" : parent.text("InstanceID") + "\\C";
            case "5", "6", "21" -> base + "\\0";
            default -> base;
        };
        boolean taken = repository.all().stream().anyMatch(i -> candidate.equalsIgnoreCase(i.text("InstanceID")));
        return taken ? base : candidate;
    }

    private static String trimSuffix(String text, String suffix) {
        return text.endsWith(suffix) ? text.substring(0, text.length() - suffix.length()) : text;
    }

    Optional<CimObject> system(String guid) {
        return repository.find("Msvm_ComputerSystem", Map.of("CreationClassName", "Msvm_ComputerSystem",
                "Name", guid)).filter(s -> VIRTUAL_MACHINE.equals(s.text("Description")));
    }

    Optional<CimObject> settings(String guid) {
        return repository.find("Msvm_VirtualSystemSettingData", Map.of("InstanceID", "Microsoft:" + guid));
    }

    List<CimObject> components(String guid) {
        return settings(guid).map(s -> repository.associators(s, COMPONENT, null)).orElse(List.of());
    }

    /** The VM a resource setting belongs to (its InstanceID starts with {@code Microsoft:GUID\}). */
    static Optional<String> ownerOf(CimObject setting) {
        String id = setting.text("InstanceID");
        if (id == null || !id.startsWith("Microsoft:") || id.indexOf('\\') < 0) {
            return Optional.empty();
        }
        return Optional.of(id.substring("Microsoft:".length(), id.indexOf('\\')));
    }

    /** Removes the VM and every instance that belongs to it. */
    void destroy(String guid) {
        List<CimObject> doomed = new ArrayList<>(components(guid));
        settings(guid).ifPresent(doomed::add);
        system(guid).ifPresent(s -> {
            doomed.addAll(repository.associators(s, SYSTEM_DEVICE, null));
            doomed.add(s);
        });
        doomed.forEach(i -> repository.remove(i.reference()));
        startedAt.remove(guid);
    }

    /**
     * ProcessID and uptime as a real host shows them: a worker process while the VM has one (running, paused, or in
     * a transition), none and an OnTimeInMilliseconds of 0 once it is off or saved.
     */
    void setRunningFacts(CimObject system, int enabledState) {
        boolean hasProcess = enabledState == StateRules.RUNNING || StateRules.isPaused(enabledState)
                || enabledState >= StateRules.STARTING;
        String guid = system.text("Name");
        if (!hasProcess) {
            system.set("ProcessID", null).set("OnTimeInMilliseconds", "0");
            startedAt.remove(guid);
        } else if (system.text("ProcessID") == null) {
            system.set("ProcessID", Integer.toString(ThreadLocalRandom.current().nextInt(1000, 60000)));
            startedAt.put(guid, System.nanoTime());
        }
    }

    /** Brings OnTimeInMilliseconds of the VMs that have a process up to now. */
    void refreshUptimes() {
        long now = System.nanoTime();
        startedAt.forEach((guid, start) -> system(guid).ifPresent(
                s -> s.set("OnTimeInMilliseconds", Long.toString((now - start) / 1_000_000))));
    }

    /**
     * Makes the VM's Msvm_ShutdownComponent exist exactly while the guest runs with integration services, as the
     * shutdown integration component is only there then.
     */
    void refreshShutdownComponent(String guid, boolean integrationServices) {
        CimObject system = system(guid).orElse(null);
        if (system == null) {
            return;
        }
        List<CimObject> existing = repository.associators(system, SYSTEM_DEVICE, "Msvm_ShutdownComponent");
        boolean wanted = integrationServices && "2".equals(system.text("EnabledState"));
        if (wanted && existing.isEmpty()) {
            CimObject component = repository.add(new CimObject("Msvm_ShutdownComponent")
                    .set("CreationClassName", "Msvm_ShutdownComponent")
                    .set("DeviceID", "Microsoft:" + guid + "\\" + SHUTDOWN_ID)
                    .set("SystemCreationClassName", "Msvm_ComputerSystem")
                    .set("SystemName", guid)
                    .set("ElementName", "Shutdown")
                    .set("EnabledState", "2"));
            repository.associate(SYSTEM_DEVICE, system, component);
        } else if (!wanted) {
            existing.forEach(c -> repository.remove(c.reference()));
        }
    }
}
