package io.virtkit.hyperv.internal;

import java.util.List;

import io.virtkit.hyperv.internal.wsman.CimInstance;
import io.virtkit.hyperv.internal.wsman.Wql;

/**
 * A VM's setting data as libvirt's Hyper-V driver reaches it: its Msvm_VirtualSystemSettingData through
 * Msvm_SettingsDefineState, and that one's components (processor, memory, devices) through
 * Msvm_VirtualSystemSettingDataComponent — one query each.
 */
final class HypervVmSettings {

    static final String SYSTEM_SETTINGS = "Msvm_VirtualSystemSettingData";
    static final String PROCESSOR = "Msvm_ProcessorSettingData";
    static final String MEMORY = "Msvm_MemorySettingData";

    private final HypervContext context;

    HypervVmSettings(HypervContext context) {
        this.context = context;
    }

    /** The VM's current (realized) settings. */
    CimInstance system(HypervVm vm) {
        List<CimInstance> found = context.virtualization(Wql.associatorsOf(vm.reference())
                .assocClass("Msvm_SettingsDefineState").resultClass(SYSTEM_SETTINGS));
        if (found.isEmpty()) {
            throw HypervErrors.internal("Could not look up virtual system setting data for domain with UUID '"
                    + vm.uuid() + "'");
        }
        return found.get(0);
    }

    CimInstance processor(CimInstance systemSettings) {
        return single(systemSettings, PROCESSOR, "processor");
    }

    CimInstance memory(CimInstance systemSettings) {
        return single(systemSettings, MEMORY, "memory");
    }

    /** Every component of class {@code className} (empty when there is none). */
    List<CimInstance> components(CimInstance systemSettings, String className) {
        return context.virtualization(Wql.associatorsOf(SYSTEM_SETTINGS, "InstanceID", systemSettings.get("InstanceID"))
                .assocClass("Msvm_VirtualSystemSettingDataComponent").resultClass(className));
    }

    /** Every component of the settings, of whatever class, in one query. */
    List<CimInstance> allComponents(CimInstance systemSettings) {
        return context.virtualization(Wql.associatorsOf(SYSTEM_SETTINGS, "InstanceID", systemSettings.get("InstanceID"))
                .assocClass("Msvm_VirtualSystemSettingDataComponent"));
    }

    /** The one component of {@code className} among {@code components} (see {@link #allComponents}). */
    static CimInstance pick(List<CimInstance> components, CimInstance systemSettings, String className) {
        return components.stream().filter(c -> className.equalsIgnoreCase(c.className())).findFirst()
                .orElseThrow(() -> missing(systemSettings, className.equals(PROCESSOR) ? "processor" : "memory"));
    }

    private CimInstance single(CimInstance systemSettings, String className, String what) {
        List<CimInstance> found = components(systemSettings, className);
        if (found.isEmpty()) {
            throw missing(systemSettings, what);
        }
        return found.get(0);
    }

    private static RuntimeException missing(CimInstance systemSettings, String what) {
        return HypervErrors.internal("Could not look up " + what + " setting data with virtual system instance ID '"
                + systemSettings.get("InstanceID") + "'");
    }

    static long number(CimInstance instance, String property) {
        String value = instance.get(property);
        return value == null || value.isBlank() ? 0 : Long.parseLong(value.strip());
    }
}
