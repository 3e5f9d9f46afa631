package io.virtkit.hyperv.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The stand-in's Hyper-V host: the model (instances as property maps, their associations), the methods that change
 * it with Msvm_ConcreteJob progress, and the hooks tests use to set it up and to make things go wrong. Requests may
 * come in parallel: every look at or change of the model holds one lock, and what leaves it is a copy.
 */
public final class StandInHypervHost {

    private final Object lock = new Object();
    private final CimRepository repository = new CimRepository();
    private final VirtualMachines vms = new VirtualMachines(repository);
    private final StandInJobs jobs = new StandInJobs(repository);
    private final Set<String> withoutIntegrationServices = new HashSet<>();
    private final StandInMethods methods =
            new StandInMethods(repository, vms, jobs, guid -> !withoutIntegrationServices.contains(guid));
    private final EnumerationContexts enumerations = new EnumerationContexts();
    private final Map<String, Long> failNextInvoke = new HashMap<>();
    private final Set<String> dropNext = new HashSet<>();
    private final Set<String> truncateNext = new HashSet<>();

    public StandInHypervHost() {
        HostInventory.seed(repository);
    }

    /**
     * A VM with its settings, processor, memory and IDE controllers in the given EnabledState (2 running, 3 off, 6
     * saved, 9 paused…); a running or paused one has a ProcessID. Returns its GUID (the Msvm_ComputerSystem Name).
     */
    public String addVirtualMachine(String name, int vcpus, long memoryMiB, int enabledState) {
        synchronized (lock) {
            String guid = vms.create(name, vcpus, memoryMiB, enabledState, "Microsoft:Hyper-V:SubType:1");
            vms.refreshShutdownComponent(guid, true);
            return guid;
        }
    }

    /** A synthetic disk drive on the VM's first IDE controller with a virtual hard disk at the path. */
    public void addDisk(String vmGuid, String vhdxPath) {
        synchronized (lock) {
            CimObject controller = vms.components(vmGuid).stream()
                    .filter(c -> "5".equals(c.text("ResourceType"))).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no VM " + vmGuid));
            String controllerPath = WmiPath.of(controller.reference());
            long used = vms.components(vmGuid).stream()
                    .filter(c -> controllerPath.equals(c.text("Parent"))).count();
            String address = Long.toString(used);
            CimObject drive = vms.addComponent(vmGuid, new CimObject("Msvm_ResourceAllocationSettingData")
                    .set("InstanceID", vms.newInstanceId(vmGuid, "17", controller, address))
                    .set("ElementName", "Hard Drive")
                    .set("ResourceType", "17")
                    .set("ResourceSubType", "Microsoft:Hyper-V:Synthetic Disk Drive")
                    .set("Parent", controllerPath)
                    .set("AddressOnParent", address));
            vms.addComponent(vmGuid, new CimObject("Msvm_StorageAllocationSettingData")
                    .set("InstanceID", vms.newInstanceId(vmGuid, "31", drive, null))
                    .set("ElementName", "Hard Disk Image")
                    .set("ResourceType", "31")
                    .set("ResourceSubType", "Microsoft:Hyper-V:Virtual Hard Disk")
                    .set("Parent", WmiPath.of(drive.reference()))
                    .set("HostResource", List.of(vhdxPath)));
        }
    }

    /** A synthetic NIC with a static MAC (written without separators) connected to the switch (made if new). */
    public void addNic(String vmGuid, String mac, String switchName) {
        synchronized (lock) {
            requireVm(vmGuid);
            CimObject vSwitch = virtualSwitch(switchName);
            CimObject port = vms.addComponent(vmGuid, new CimObject("Msvm_SyntheticEthernetPortSettingData")
                    .set("InstanceID", vms.newInstanceId(vmGuid, "10", null, null))
                    .set("ElementName", "Network Adapter")
                    .set("ResourceType", "10")
                    .set("ResourceSubType", "Microsoft:Hyper-V:Synthetic Ethernet Port")
                    .set("Address", mac.replace(":", "").replace("-", "").toUpperCase(Locale.ROOT))
                    .set("StaticMacAddress", "true"));
            vms.addComponent(vmGuid, new CimObject("Msvm_EthernetPortAllocationSettingData")
                    .set("InstanceID", vms.newInstanceId(vmGuid, "33", port, null))
                    .set("ElementName", "Dynamic Ethernet Switch Port")
                    .set("ResourceType", "33")
                    .set("ResourceSubType", "Microsoft:Hyper-V:Ethernet Connection")
                    .set("Parent", WmiPath.of(port.reference()))
                    .set("HostResource", List.of(WmiPath.of(vSwitch.reference())))
                    .set("EnabledState", "2"));
        }
    }

    /** A virtual switch of that name (made unless it exists); its GUID (the Msvm_VirtualEthernetSwitch Name). */
    public String addVirtualSwitch(String name) {
        synchronized (lock) {
            return virtualSwitch(name).text("Name");
        }
    }

    private CimObject virtualSwitch(String name) {
        return repository.select("Msvm_VirtualEthernetSwitch", null).stream()
                .filter(s -> name.equals(s.text("ElementName"))).findFirst()
                .orElseGet(() -> repository.add(new CimObject("Msvm_VirtualEthernetSwitch")
                        .set("CreationClassName", "Msvm_VirtualEthernetSwitch")
                        .set("Name", VirtualMachines.newGuid())
                        .set("ElementName", name)
                        .set("Description", "Microsoft Virtual Switch")
                        .set("EnabledState", "2")));
    }

    /** COM port number {@code port} (1 or 2) connected to a named pipe. */
    public void addSerialPort(String vmGuid, int port, String pipeName) {
        synchronized (lock) {
            requireVm(vmGuid);
            vms.addComponent(vmGuid, new CimObject("Msvm_SerialPortSettingData")
                    .set("InstanceID", vms.newInstanceId(vmGuid, "21", null, null))
                    .set("ElementName", "COM " + port)
                    .set("ResourceType", "21")
                    .set("ResourceSubType", "Microsoft:Hyper-V:Serial Port")
                    .set("Address", Integer.toString(port))
                    .set("Connection", List.of(pipeName)));
        }
    }

    public int enabledState(String vmGuid) {
        synchronized (lock) {
            jobs.settle();
            return Integer.parseInt(requireVm(vmGuid).text("EnabledState"));
        }
    }

    /** The GUID of the (first) VM with that name. */
    public Optional<String> findByName(String name) {
        synchronized (lock) {
            return virtualMachines().stream().filter(s -> name.equals(s.text("ElementName")))
                    .map(s -> s.text("Name")).findFirst();
        }
    }

    public int virtualMachineCount() {
        synchronized (lock) {
            return virtualMachines().size();
        }
    }

    /**
     * The InstanceIDs (or, for classes keyed otherwise, the WMI paths) of every instance but jobs, for "nothing
     * left behind" checks: compare before and after.
     */
    public Set<String> instanceIds() {
        synchronized (lock) {
            jobs.settle();
            return repository.all().stream().filter(i -> !jobs.isJob(i))
                    .map(i -> i.has("InstanceID") ? i.text("InstanceID") : WmiPath.of(i.reference()))
                    .collect(Collectors.toUnmodifiableSet());
        }
    }

    /** How many items a Pull answers at most (default 20). */
    public void setPageSize(int items) {
        enumerations.setPageSize(items);
    }

    /** How long an enumeration context lives without a Pull (default 5 minutes). */
    public void setEnumerationExpiry(Duration expiry) {
        enumerations.setExpiry(expiry);
    }

    /** How long jobs stay Running before they complete (default 50 ms). */
    public void setJobDuration(Duration duration) {
        synchronized (lock) {
            jobs.setDuration(duration);
        }
    }

    /** The next job of the method ends in JobState 10 (Exception) with that error, its change not made. */
    public void failNextJob(String method, int errorCode, String description) {
        synchronized (lock) {
            jobs.failNext(method, errorCode, description);
        }
    }

    /** The next job of the method stays Running forever. */
    public void hangNextJob(String method) {
        synchronized (lock) {
            jobs.hangNext(method);
        }
    }

    /** The next call of the method returns that ReturnValue and changes nothing. */
    public void failNextInvoke(String method, long returnValue) {
        synchronized (lock) {
            failNextInvoke.put(method.toLowerCase(Locale.ROOT), returnValue);
        }
    }

    /**
     * The next request whose action is this (a full action URI, or its last segment: "Enumerate", "Pull", "Get",
     * or a method name) gets no answer: the connection is closed.
     */
    public void dropConnectionOnNext(String actionOrMethod) {
        synchronized (lock) {
            dropNext.add(actionOrMethod.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * The next request whose action is this (as for {@link #dropConnectionOnNext}) gets the headers of a full answer
     * and half its body, then the connection is closed: an answer cut off mid-way.
     */
    public void truncateAnswerOnNext(String actionOrMethod) {
        synchronized (lock) {
            truncateNext.add(actionOrMethod.toLowerCase(Locale.ROOT));
        }
    }

    /** Whether the VM's guest has integration services (default yes): InitiateShutdown works only with them. */
    public void setIntegrationServices(String vmGuid, boolean present) {
        synchronized (lock) {
            requireVm(vmGuid);
            if (present) {
                withoutIntegrationServices.remove(vmGuid);
            } else {
                withoutIntegrationServices.add(vmGuid);
            }
            vms.refreshShutdownComponent(vmGuid, present);
        }
    }

    /** The enumeration contexts open now (neither ended nor expired yet). */
    public int openEnumerations() {
        return enumerations.openCount();
    }

    // --- what the endpoint asks ---

    boolean consumeDrop(String action) {
        return consume(dropNext, action);
    }

    boolean consumeTruncate(String action) {
        return consume(truncateNext, action);
    }

    /** Whether a hook was armed for the action (full URI or last segment); disarms it. */
    private boolean consume(Set<String> armed, String action) {
        synchronized (lock) {
            String lower = action.toLowerCase(Locale.ROOT);
            String last = lower.substring(lower.lastIndexOf('/') + 1);
            return armed.remove(lower) || armed.remove(last);
        }
    }

    EnumerationContexts enumerations() {
        return enumerations;
    }

    /** Copies of the instances a query finds in a namespace. */
    List<CimObject> query(String namespace, WqlQuery query) {
        synchronized (lock) {
            settle();
            List<CimObject> found;
            if (query instanceof WqlQuery.Select select) {
                requireClass(select.className(), namespace);
                found = repository.select(select.className(), select.where());
            } else if (query instanceof WqlQuery.References references) {
                requireClass(references.className(), namespace);
                if (references.resultClass() != null) {
                    requireClass(references.resultClass(), namespace);
                }
                CimObject of = repository.find(references.className(), references.keys())
                        .orElseThrow(WsmanFault::invalidSelectors);
                found = repository.references(of, references.resultClass());
            } else {
                WqlQuery.Associators associators = (WqlQuery.Associators) query;
                requireClass(associators.className(), namespace);
                if (associators.resultClass() != null) {
                    requireClass(associators.resultClass(), namespace);
                }
                CimObject of = repository.find(associators.className(), associators.keys())
                        .orElseThrow(WsmanFault::invalidSelectors);
                found = repository.associators(of, associators.assocClass(), associators.resultClass());
            }
            return copies(found);
        }
    }

    /** A copy of the instance of exactly that class the selectors name. */
    CimObject get(String className, Map<String, String> selectors) {
        synchronized (lock) {
            settle();
            return repository.find(className, selectors).orElseThrow(WsmanFault::invalidSelectors).copy();
        }
    }

    /** Runs a method on the instance the selectors name. */
    StandInMethods.Result invoke(String className, Map<String, String> selectors, String method,
            StandInMethods.Parameters parameters) {
        synchronized (lock) {
            jobs.settle();
            String canonical = CimSchema.get(className).name();
            if (!StandInMethods.exists(canonical, method)) {
                throw WsmanFault.actionNotSupported(method);
            }
            CimObject target = repository.find(canonical, selectors).orElseThrow(WsmanFault::invalidSelectors);
            Long armed = failNextInvoke.remove(method.toLowerCase(Locale.ROOT));
            if (armed != null) {
                return StandInMethods.Result.of(armed);
            }
            StandInMethods.Result result = methods.invoke(target, method, parameters);
            return new StandInMethods.Result(result.returnValue(), copyValues(result.out()));
        }
    }

    /** Ends the jobs whose time came and brings uptimes to now, before anyone looks at the model. */
    private void settle() {
        jobs.settle();
        vms.refreshUptimes();
    }

    private static Map<String, Object> copyValues(Map<String, Object> out) {
        return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(out));
    }

    private static void requireClass(String className, String namespace) {
        if (!CimSchema.knownInNamespace(className, namespace)) {
            throw WsmanFault.invalidClass();
        }
    }

    private static List<CimObject> copies(List<CimObject> found) {
        List<CimObject> out = new ArrayList<>(found.size());
        found.forEach(i -> out.add(i.copy()));
        return out;
    }

    private List<CimObject> virtualMachines() {
        return repository.select("Msvm_ComputerSystem", null).stream()
                .filter(s -> VirtualMachines.VIRTUAL_MACHINE.equals(s.text("Description"))).toList();
    }

    private CimObject requireVm(String vmGuid) {
        return vms.system(vmGuid).orElseThrow(() -> new IllegalArgumentException("no VM " + vmGuid));
    }
}
