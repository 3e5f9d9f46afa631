package io.virtkit.esx.internal;

import io.virtkit.api.DomainState;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.MemoryModFlag;
import io.virtkit.api.VcpuFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.esx.internal.vim.VimNode;

/**
 * A VM's memory and vCPUs as libvirt 9.0's ESX driver changes them, each with ReconfigVM_Task: the maximum memory
 * is the VM's memory size ({@code memoryMB}, a multiple of 4 MiB, only while powered off), the current memory its
 * memory limit ({@code memoryAllocation.limit}), vCPUs its {@code numCPUs}, at most the host's
 * {@code capability.maxSupportedVcpus}, which is also every vCPU count libvirt's driver answers.
 */
final class EsxResources {

    private final EsxContext context;
    private final EsxInventory inventory;
    private volatile int hostMaxVcpus; // the host's maximum, read once per connection as libvirt does

    EsxResources(EsxContext context, EsxInventory inventory) {
        this.context = context;
        this.inventory = inventory;
    }

    /**
     * libvirt's esxDomainSetMemoryFlags takes no flags; virDomainSetMemory reaches it as LIVE (core passes that
     * call so), which is taken too. The limit is rounded up to whole MiB.
     */
    void setMemory(DomainRef domain, long kib, long flags) {
        if ((flags & ~MemoryModFlag.LIVE.bit()) != 0) {
            throw EsxSnapshots.unsupportedFlags(flags, "esxDomainSetMemoryFlags");
        }
        EsxVm vm = inventory.of(domain);
        reconfigure(vm, "Could not set memory to " + kib + " kilobytes",
                VimNode.of("memoryAllocation", VimNode.leaf("limit", Long.toString((kib + 1023) / 1024))));
    }

    /** libvirt's esxDomainSetMaxMemory: only a powered-off VM, rounded up to a multiple of 4 MiB. */
    void setMaxMemory(DomainRef domain, long kib) {
        EsxVm vm = inventory.of(domain);
        if (vm.state() != DomainState.SHUTOFF) {
            throw EsxErrors.invalid("Domain is not powered off");
        }
        reconfigure(vm, "Could not set max-memory to " + kib + " kilobytes",
                VimNode.leaf("memoryMB", Long.toString((kib + 4095) / 4096 * 4)));
    }

    /** libvirt's esxDomainSetVcpusFlags: LIVE only (or none), at most the host's maximum. */
    void setVcpus(DomainRef domain, int count, long flags) {
        EsxSnapshots.check(flags, VcpuFlag.LIVE.bit(), "esxDomainSetVcpusFlags");
        int max = maxVcpus();
        if (count > max) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.ESX, "Requested number of virtual CPUs is "
                    + "greater than max allowable number of virtual CPUs for the domain: " + count + " > " + max);
        }
        EsxVm vm = inventory.of(domain);
        reconfigure(vm, "Could not set number of virtual CPUs to " + count,
                VimNode.leaf("numCPUs", Integer.toString(count)));
    }

    /** libvirt's esxDomainGetVcpusFlags: LIVE and MAXIMUM only, answered with the host's maximum. */
    int vcpus(long flags) {
        EsxSnapshots.check(flags, VcpuFlag.LIVE.bit() | VcpuFlag.MAXIMUM.bit(), "esxDomainGetVcpusFlags");
        return maxVcpus();
    }

    /** The host's {@code capability.maxSupportedVcpus}. */
    int maxVcpus() {
        int known = hostMaxVcpus;
        if (known > 0) {
            return known;
        }
        long max = EsxErrors.call(() -> context.properties.retrieveOne(context.refs.hostSystem(),
                "capability.maxSupportedVcpus")).number("capability.maxSupportedVcpus", -1);
        if (max <= 0) {
            // libvirt fails here without saying why ("An error occurred, but the cause is unknown")
            throw EsxErrors.internal("The host reports no maximum number of virtual CPUs "
                    + "(capability.maxSupportedVcpus)");
        }
        hostMaxVcpus = (int) max;
        return hostMaxVcpus;
    }

    private void reconfigure(EsxVm vm, String failure, VimNode specField) {
        EsxErrors.task(failure, () -> context.tasks.run(context.taskTimeout(), "ReconfigVM_Task", vm.ref(),
                VimNode.of("spec", specField)));
    }
}
