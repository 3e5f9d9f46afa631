package io.virtkit.hyperv.internal;

import java.util.List;

import io.virtkit.api.DomainInfo;
import io.virtkit.api.MemoryModFlag;
import io.virtkit.api.VcpuFlag;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.DriverFlags;
import io.virtkit.hyperv.internal.wsman.CimInstance;
import io.virtkit.hyperv.internal.wsman.CimParameter;
import io.virtkit.hyperv.internal.wsman.CimReference;

/**
 * A VM's memory, vCPUs and autostart as libvirt's Hyper-V driver reads and changes them: memory is
 * Msvm_MemorySettingData (VirtualQuantity the current size, Limit the maximum, in MiB), vCPUs
 * Msvm_ProcessorSettingData.VirtualQuantity, autostart Msvm_VirtualSystemSettingData.AutomaticStartupAction
 * (4 = always start, 2 = none). A change sends a copy of the instance read with the one property replaced to
 * Msvm_VirtualSystemManagementService.ModifyResourceSettings (ModifySystemSettings for autostart) and waits
 * for its job.
 *
 * <p>Flags: libvirt's driver takes none. Hyper-V keeps one definition that is both the running and the next
 * configuration, so LIVE and CONFIG (what {@code virsh setmem}/{@code setvcpus} pass) are taken and mean the same;
 * memory with MAXIMUM sets the Limit (libvirt's virDomainSetMaxMemory), vCPUs with MAXIMUM the one count there is.
 */
final class HypervResources {

    private final HypervContext context;
    private final HypervInventory inventory;
    private final HypervVmSettings settings;
    private final HypervHostFacts host;

    HypervResources(HypervContext context, HypervInventory inventory, HypervVmSettings settings,
            HypervHostFacts host) {
        this.context = context;
        this.inventory = inventory;
        this.settings = settings;
        this.host = host;
    }

    /** libvirt's domainGetInfo: memory and maximum from the memory settings (MiB), vCPUs, no CPU time. */
    DomainInfo info(DomainRef domain) {
        HypervVm vm = inventory.of(domain);
        CimInstance system = settings.system(vm);
        // memory and processor in one query (libvirt asks for each): virsh dominfo of many VMs is round trips
        List<CimInstance> components = settings.allComponents(system);
        CimInstance memory = HypervVmSettings.pick(components, system, HypervVmSettings.MEMORY);
        CimInstance processor = HypervVmSettings.pick(components, system, HypervVmSettings.PROCESSOR);
        long current = HypervVmSettings.number(memory, "VirtualQuantity") * 1024;
        return new DomainInfo(vm.state(), maximumMiB(memory) * 1024, current,
                (int) HypervVmSettings.number(processor, "VirtualQuantity"), 0);
    }

    /**
     * A VM's maximum memory in MiB: with dynamic memory its Limit (never below the current size), else its memory.
     * libvirt reads the Limit always, but a static-memory VM keeps Hyper-V's default there (1 TiB) and never uses it:
     * dominfo and dumpxml said 1 TiB of "max memory" for a 512 MiB VM. dominfo's maximum and dumpxml's
     * {@code <memory>} both say this one.
     */
    static long maximumMiB(CimInstance memory) {
        long current = HypervVmSettings.number(memory, "VirtualQuantity");
        return dynamicMemory(memory) ? Math.max(HypervVmSettings.number(memory, "Limit"), current) : current;
    }

    static boolean dynamicMemory(CimInstance memory) {
        return "true".equalsIgnoreCase(memory.get("DynamicMemoryEnabled"));
    }

    void setMemory(DomainRef domain, long kib, long flags) {
        DriverFlags.check(flags, MemoryModFlag.LIVE.bit() | MemoryModFlag.CONFIG.bit() | MemoryModFlag.MAXIMUM.bit(),
                "virDomainSetMemoryFlags");
        modifyMemory(domain, (flags & MemoryModFlag.MAXIMUM.bit()) != 0 ? "Limit" : "VirtualQuantity", kib);
    }

    void setMaxMemory(DomainRef domain, long kib) {
        modifyMemory(domain, "Limit", kib);
    }

    /** In whole MiB rounded up to an even number, as Hyper-V wants and libvirt sends. */
    private void modifyMemory(DomainRef domain, String property, long kib) {
        long mib = (kib + 1023) / 1024;
        mib = (mib + 1) / 2 * 2;
        CimInstance memory = settings.memory(settings.system(inventory.of(domain)));
        if (property.equals("Limit") && !dynamicMemory(memory)) {
            // Hyper-V takes the Limit of a static-memory VM and ignores it: say so rather than change nothing
            throw HypervErrors.invalid("cannot set the maximum memory of a domain with static memory: Hyper-V "
                    + "uses a maximum only with dynamic memory");
        }
        modifyResource(memory.with(property, Long.toString(mib)));
    }

    void setVcpus(DomainRef domain, int count, long flags) {
        DriverFlags.check(flags, VcpuFlag.LIVE.bit() | VcpuFlag.CONFIG.bit() | VcpuFlag.MAXIMUM.bit(),
                "virDomainSetVcpusFlags");
        CimInstance processor = settings.processor(settings.system(inventory.of(domain)));
        modifyResource(processor.with("VirtualQuantity", Integer.toString(count)));
    }

    /** libvirt's domainGetVcpusFlags: LIVE needs a running VM; MAXIMUM is the host's maximum. */
    int vcpus(DomainRef domain, long flags) {
        DriverFlags.check(flags, VcpuFlag.LIVE.bit() | VcpuFlag.CONFIG.bit() | VcpuFlag.MAXIMUM.bit(),
                "virDomainGetVcpusFlags");
        HypervVm vm = inventory.of(domain);
        if ((flags & VcpuFlag.LIVE.bit()) != 0 && vm.enabledState() != HypervEnabledState.ENABLED) {
            throw HypervErrors.invalid("Domain is not active");
        }
        if ((flags & VcpuFlag.MAXIMUM.bit()) != 0) {
            return maxVcpus(domain);
        }
        return (int) HypervVmSettings.number(settings.processor(settings.system(vm)), "VirtualQuantity");
    }

    /**
     * The most vCPUs a VM may have. libvirt reads the processor settings' "Maximum" definition with a LIKE query;
     * that maximum is the host's logical processor count, read here from Win32_ComputerSystem.
     */
    int maxVcpus(DomainRef domain) {
        inventory.of(domain);
        return host.logicalProcessors();
    }

    boolean autostart(DomainRef domain) {
        return HypervVmSettings.number(settings.system(inventory.of(domain)), "AutomaticStartupAction") == 4;
    }

    void setAutostart(DomainRef domain, boolean enabled) {
        CimInstance system = settings.system(inventory.of(domain));
        context.invoke(service(), "ModifySystemSettings", CimParameter.embedded("SystemSettings",
                system.with("AutomaticStartupAction", enabled ? "4" : "2")));
    }

    private void modifyResource(CimInstance changed) {
        context.invoke(service(), "ModifyResourceSettings", CimParameter.embedded("ResourceSettings", changed));
    }

    private CimReference service() {
        return context.managementService();
    }
}
