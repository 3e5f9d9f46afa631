package io.virtkit.hyperv.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The extrinsic methods of the model as Hyper-V runs them: ReturnValue 0 when done at once, 4096 with a
 * Msvm_ConcreteJob when it goes on, 32773 for a parameter that names nothing or makes no sense, 32775 for a
 * request the VM's state forbids (start a running VM, pause one that is not running, destroy a running one). Not
 * thread-safe: the host calls it under its lock.
 */
final class StandInMethods {

    static final long DONE = 0;
    static final long JOB_STARTED = 4096;
    static final long NOT_SUPPORTED = 32770;
    static final long INVALID_PARAMETER = 32773;
    static final long INVALID_STATE = 32775;

    /** What a method returned: ReturnValue and the out parameters by name. */
    record Result(long returnValue, Map<String, Object> out) {
        static Result of(long returnValue) {
            return new Result(returnValue, Map.of());
        }
    }

    /** The in parameters by name (case-insensitive), each a list of String, CimReference or EmbeddedInstance. */
    record Parameters(Map<String, List<Object>> values) {
        List<Object> all(String name) {
            return values.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(List.of());
        }

        Optional<Object> one(String name) {
            List<Object> all = all(name);
            return all.size() == 1 ? Optional.of(all.get(0)) : Optional.empty();
        }
    }

    /** A parameter is missing, of the wrong kind or names nothing: ReturnValue 32773, nothing changed. */
    private static final class InvalidParameter extends RuntimeException {
        InvalidParameter(String message) {
            super(message, null, false, false);
        }
    }

    private static final Set<String> FIXED_RESOURCES = Set.of("Msvm_ProcessorSettingData", "Msvm_MemorySettingData");

    private final CimRepository repository;
    private final VirtualMachines vms;
    private final StandInJobs jobs;
    private final Predicate<String> integrationServices;

    StandInMethods(CimRepository repository, VirtualMachines vms, StandInJobs jobs,
            Predicate<String> integrationServices) {
        this.repository = repository;
        this.vms = vms;
        this.jobs = jobs;
        this.integrationServices = integrationServices;
    }

    /** Whether the class has the method (else the endpoint answers a:ActionNotSupported). */
    static boolean exists(String className, String method) {
        return switch (className) {
            case "Msvm_VirtualSystemManagementService" -> Set.of("DefineSystem", "DestroySystem",
                    "ModifySystemSettings", "AddResourceSettings", "ModifyResourceSettings",
                    "RemoveResourceSettings").contains(method);
            case "Msvm_ComputerSystem" -> method.equals("RequestStateChange");
            case "Msvm_ShutdownComponent" -> method.equals("InitiateShutdown");
            default -> false;
        };
    }

    Result invoke(CimObject target, String method, Parameters parameters) {
        try {
            return switch (method) {
                case "DefineSystem" -> defineSystem(parameters);
                case "DestroySystem" -> destroySystem(parameters);
                case "ModifySystemSettings" -> modifySystemSettings(parameters);
                case "AddResourceSettings" -> addResourceSettings(parameters);
                case "ModifyResourceSettings" -> modifyResourceSettings(parameters);
                case "RemoveResourceSettings" -> removeResourceSettings(parameters);
                case "RequestStateChange" -> requestStateChange(target, parameters);
                case "InitiateShutdown" -> initiateShutdown(target);
                default -> throw new IllegalStateException("no method " + method);
            };
        } catch (InvalidParameter e) {
            return Result.of(INVALID_PARAMETER);
        }
    }

    private Result defineSystem(Parameters p) {
        EmbeddedInstance system = embedded(p, "SystemSettings");
        if (!system.className().equalsIgnoreCase("Msvm_VirtualSystemSettingData")) {
            throw new InvalidParameter("SystemSettings must be a Msvm_VirtualSystemSettingData");
        }
        List<EmbeddedInstance> resources = embeddedList(p, "ResourceSettings");
        StandInJobs.Plan plan = jobs.plan("DefineSystem");
        if (plan.fails()) {
            return jobOnly(plan, "Defining a virtual machine");
        }
        String name = Optional.ofNullable(system.text("ElementName")).orElse("New Virtual Machine");
        String subType = Optional.ofNullable(system.text("VirtualSystemSubType"))
                .orElse("Microsoft:Hyper-V:SubType:1");
        String guid = vms.create(name, 1, 512, 3, subType);
        try {
            CimObject settings = vms.settings(guid).orElseThrow();
            copySettable(system, settings, Set.of("InstanceID", "VirtualSystemIdentifier", "ConfigurationID",
                    "VirtualSystemType"));
            resources.forEach(r -> addResource(guid, r));
        } catch (InvalidParameter e) {
            vms.destroy(guid);
            throw e;
        }
        CimObject created = vms.system(guid).orElseThrow();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Job", jobs.start(plan, "Defining virtual machine " + name, () -> { }, () -> { }));
        out.put("ResultingSystem", created.reference());
        return new Result(JOB_STARTED, out);
    }

    private Result destroySystem(Parameters p) {
        CimObject system = referenced(p, "AffectedSystem", "Msvm_ComputerSystem");
        String guid = system.text("Name");
        if (vms.system(guid).isEmpty()) {
            throw new InvalidParameter("AffectedSystem is no virtual machine");
        }
        if (!isStopped(system)) {
            return Result.of(INVALID_STATE);
        }
        StandInJobs.Plan plan = jobs.plan("DestroySystem");
        if (!plan.fails()) {
            vms.destroy(guid);
        }
        return jobOnly(plan, "Destroying virtual machine " + system.text("ElementName"));
    }

    private Result modifySystemSettings(Parameters p) {
        EmbeddedInstance given = embedded(p, "SystemSettings");
        CimObject settings = repository.find("Msvm_VirtualSystemSettingData",
                Map.of("InstanceID", String.valueOf(given.text("InstanceID"))))
                .orElseThrow(() -> new InvalidParameter("SystemSettings names no settings"));
        StandInJobs.Plan plan = jobs.plan("ModifySystemSettings");
        if (!plan.fails()) {
            copySettable(given, settings, Set.of("InstanceID", "VirtualSystemIdentifier", "ConfigurationID",
                    "VirtualSystemType"));
            String guid = settings.text("VirtualSystemIdentifier");
            vms.system(guid).ifPresent(s -> s.set("ElementName", settings.text("ElementName")));
        }
        // Hyper-V answers this one at once unless something makes it a job.
        return plan.fails() || plan.hang() ? jobOnly(plan, "Modifying system settings") : Result.of(DONE);
    }

    private Result addResourceSettings(Parameters p) {
        CimObject settings = referenced(p, "AffectedConfiguration", "Msvm_VirtualSystemSettingData");
        String guid = settings.text("VirtualSystemIdentifier");
        List<EmbeddedInstance> resources = embeddedList(p, "ResourceSettings");
        if (resources.isEmpty()) {
            throw new InvalidParameter("no ResourceSettings");
        }
        StandInJobs.Plan plan = jobs.plan("AddResourceSettings");
        if (plan.fails()) {
            return jobOnly(plan, "Adding resources");
        }
        List<CimObject> added = new ArrayList<>();
        try {
            resources.forEach(r -> added.add(addResource(guid, r)));
        } catch (InvalidParameter e) {
            added.forEach(a -> repository.remove(a.reference()));
            throw e;
        }
        return withJob(plan, "Adding resources", "ResultingResourceSettings",
                added.stream().map(CimObject::reference).toList());
    }

    private Result modifyResourceSettings(Parameters p) {
        List<EmbeddedInstance> resources = embeddedList(p, "ResourceSettings");
        if (resources.isEmpty()) {
            throw new InvalidParameter("no ResourceSettings");
        }
        List<CimObject> targets = new ArrayList<>();
        for (EmbeddedInstance r : resources) {
            CimObject target = setting(r.text("InstanceID"))
                    .orElseThrow(() -> new InvalidParameter("ResourceSettings names no setting"));
            if (!target.className().equalsIgnoreCase(r.className())) {
                throw new InvalidParameter("ResourceSettings of another class than the setting");
            }
            boolean quantityChanges = r.text("VirtualQuantity") != null
                    && !r.text("VirtualQuantity").equals(target.text("VirtualQuantity"));
            if (FIXED_RESOURCES.contains(target.className()) && quantityChanges && ownerHasProcess(target)) {
                return Result.of(INVALID_STATE);
            }
            targets.add(target);
        }
        StandInJobs.Plan plan = jobs.plan("ModifyResourceSettings");
        if (plan.fails()) {
            return jobOnly(plan, "Modifying resources");
        }
        for (int i = 0; i < targets.size(); i++) {
            copySettable(resources.get(i), targets.get(i), Set.of("InstanceID"));
        }
        return withJob(plan, "Modifying resources", "ResultingResourceSettings",
                targets.stream().map(CimObject::reference).toList());
    }

    private Result removeResourceSettings(Parameters p) {
        List<CimObject> targets = new ArrayList<>();
        for (Object value : p.all("ResourceSettings")) {
            if (!(value instanceof CimReference reference)) {
                throw new InvalidParameter("ResourceSettings must be references");
            }
            CimObject target = repository.find(reference.className(), reference.selectors())
                    .filter(t -> VirtualMachines.ownerOf(t).isPresent())
                    .orElseThrow(() -> new InvalidParameter("ResourceSettings names no setting"));
            if (FIXED_RESOURCES.contains(target.className())) {
                throw new InvalidParameter("the processor and memory cannot be removed");
            }
            targets.add(target);
        }
        if (targets.isEmpty()) {
            throw new InvalidParameter("no ResourceSettings");
        }
        StandInJobs.Plan plan = jobs.plan("RemoveResourceSettings");
        if (!plan.fails()) {
            targets.forEach(this::removeWithDependants);
        }
        return jobOnly(plan, "Removing resources");
    }

    /** Removes a setting and what hangs off it (a drive's disk, a port's connection), as Hyper-V does. */
    private void removeWithDependants(CimObject setting) {
        String guid = VirtualMachines.ownerOf(setting).orElseThrow();
        for (CimObject component : vms.components(guid)) {
            String parent = component.text("Parent");
            if (parent != null && WmiPath.parse(parent).map(setting.reference()::equals).orElse(false)) {
                removeWithDependants(component);
            }
        }
        repository.remove(setting.reference());
    }

    private Result requestStateChange(CimObject system, Parameters p) {
        String guid = system.text("Name");
        if (vms.system(guid).isEmpty()) {
            return Result.of(NOT_SUPPORTED);
        }
        int requested;
        try {
            requested = Integer.parseInt(p.one("RequestedState").map(String::valueOf).orElse(""));
        } catch (NumberFormatException e) {
            throw new InvalidParameter("RequestedState must be a number");
        }
        int current = Integer.parseInt(system.text("EnabledState"));
        StateRules.Transition transition = StateRules.transition(current, requested);
        if (transition == null) {
            return Result.of(StateRules.known(requested) ? INVALID_STATE : INVALID_PARAMETER);
        }
        StandInJobs.Plan plan = jobs.plan("RequestStateChange");
        setState(system, transition.during());
        system.set("RequestedState", Integer.toString(requested));
        return jobOnly(plan, "Changing the state of " + system.text("ElementName"),
                () -> setState(system, transition.after()), () -> setState(system, current));
    }

    private Result initiateShutdown(CimObject component) {
        String guid = component.text("SystemName");
        CimObject system = vms.system(guid).orElse(null);
        if (system == null || !"2".equals(system.text("EnabledState")) || !integrationServices.test(guid)) {
            return Result.of(INVALID_STATE);
        }
        StandInJobs.Plan plan = jobs.plan("InitiateShutdown");
        setState(system, StateRules.STOPPING);
        return jobOnly(plan, "Shutting down " + system.text("ElementName"),
                () -> setState(system, StateRules.OFF), () -> setState(system, StateRules.RUNNING));
    }

    private void setState(CimObject system, int state) {
        system.set("EnabledState", Integer.toString(state));
        vms.setRunningFacts(system, state);
        String guid = system.text("Name");
        vms.refreshShutdownComponent(guid, integrationServices.test(guid));
    }

    private Result jobOnly(StandInJobs.Plan plan, String description) {
        return jobOnly(plan, description, () -> { }, () -> { });
    }

    private Result jobOnly(StandInJobs.Plan plan, String description, Runnable onComplete, Runnable onFailure) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Job", jobs.start(plan, description, onComplete, onFailure));
        return new Result(JOB_STARTED, out);
    }

    private Result withJob(StandInJobs.Plan plan, String description, String name, Object value) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Job", jobs.start(plan, description, () -> { }, () -> { }));
        out.put(name, value);
        return new Result(JOB_STARTED, out);
    }

    private CimObject addResource(String guid, EmbeddedInstance r) {
        CimSchema.CimClass cimClass = CimSchema.find(r.className())
                .filter(c -> c.isA("CIM_ResourceAllocationSettingData"))
                .filter(c -> !FIXED_RESOURCES.contains(c.name()))
                .orElseThrow(() -> new InvalidParameter("no resource settings class " + r.className()));
        CimObject parent = null;
        if (r.text("Parent") != null && !r.text("Parent").isEmpty()) {
            parent = WmiPath.parse(r.text("Parent"))
                    .flatMap(ref -> repository.find(ref.className(), ref.selectors()))
                    .orElseThrow(() -> new InvalidParameter("Parent names nothing"));
        }
        CimObject resource = new CimObject(cimClass.name())
                .set("InstanceID", vms.newInstanceId(guid, r.text("ResourceType"), parent,
                        r.text("AddressOnParent")));
        r.properties().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("InstanceID")) {
                resource.set(name, value);
            }
        });
        return vms.addComponent(guid, resource);
    }

    private static void copySettable(EmbeddedInstance from, CimObject to, Set<String> fixed) {
        from.properties().forEach((name, value) -> {
            if (fixed.stream().noneMatch(name::equalsIgnoreCase)) {
                to.set(name, value);
            }
        });
    }

    private Optional<CimObject> setting(String instanceId) {
        if (instanceId == null) {
            return Optional.empty();
        }
        return repository.select("CIM_ResourceAllocationSettingData", null).stream()
                .filter(s -> instanceId.equalsIgnoreCase(s.text("InstanceID")))
                .filter(s -> VirtualMachines.ownerOf(s).isPresent()).findFirst();
    }

    private boolean ownerHasProcess(CimObject setting) {
        return VirtualMachines.ownerOf(setting).flatMap(vms::system)
                .map(s -> s.text("ProcessID") != null).orElse(false);
    }

    private static boolean isStopped(CimObject system) {
        int state = Integer.parseInt(system.text("EnabledState"));
        return state == StateRules.OFF || StateRules.isSaved(state);
    }

    private CimObject referenced(Parameters p, String name, String className) {
        return p.one(name).filter(CimReference.class::isInstance).map(CimReference.class::cast)
                .filter(r -> r.className().equalsIgnoreCase(className))
                .flatMap(r -> repository.find(r.className(), r.selectors()))
                .orElseThrow(() -> new InvalidParameter(name + " names no " + className));
    }

    private static EmbeddedInstance embedded(Parameters p, String name) {
        return p.one(name).filter(EmbeddedInstance.class::isInstance).map(EmbeddedInstance.class::cast)
                .orElseThrow(() -> new InvalidParameter(name + " must be one embedded instance"));
    }

    private static List<EmbeddedInstance> embeddedList(Parameters p, String name) {
        List<EmbeddedInstance> out = new ArrayList<>();
        for (Object value : p.all(name)) {
            if (!(value instanceof EmbeddedInstance instance)) {
                throw new InvalidParameter(name + " must be embedded instances");
            }
            out.add(instance);
        }
        return out;
    }
}
