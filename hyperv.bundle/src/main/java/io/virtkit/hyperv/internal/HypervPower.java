package io.virtkit.hyperv.internal;

import java.util.List;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.hyperv.internal.wsman.CimInstance;
import io.virtkit.hyperv.internal.wsman.CimParameter;
import io.virtkit.hyperv.internal.wsman.Wql;

/**
 * Lifecycle as libvirt's Hyper-V driver does it: Msvm_ComputerSystem.RequestStateChange (2 start — a saved VM
 * restores —, 3 turn off, 9 quiesce = pause, 10 reboot, 6 offline = save; 32768/32769 for pause/save on a pre-2012
 * host), and Msvm_ShutdownComponent.InitiateShutdown for a guest shutdown. Each reads the VM's state first and
 * refuses, with libvirt's words, what cannot start from it; each waits for the job it starts.
 */
final class HypervPower {

    static final int REQUEST_START = 2;
    static final int REQUEST_TURN_OFF = 3;
    static final int REQUEST_OFFLINE = 6;
    static final int REQUEST_QUIESCE = 9;
    static final int REQUEST_REBOOT = 10;
    static final int REQUEST_PAUSE_LEGACY = 32768;
    static final int REQUEST_SAVE_LEGACY = 32769;

    /** libvirt's reason, not translated so a Hyper-V administrator of any language reads the same. */
    static final String SHUTDOWN_REASON = "Planned shutdown via libvirt";

    private final HypervContext context;
    private final HypervInventory inventory;
    private final HypervHostFacts host;

    HypervPower(HypervContext context, HypervInventory inventory, HypervHostFacts host) {
        this.context = context;
        this.inventory = inventory;
        this.host = host;
    }

    void start(DomainRef domain) {
        HypervVm vm = inventory.of(domain);
        if (vm.isActive()) {
            throw HypervErrors.invalid("Domain is already active or is in state transition");
        }
        requestStateChange(vm, REQUEST_START);
    }

    void destroy(DomainRef domain) {
        HypervVm vm = activeAndSettled(domain, "Domain is not active or is in state transition");
        requestStateChange(vm, REQUEST_TURN_OFF);
    }

    void suspend(DomainRef domain) {
        HypervVm vm = running(domain);
        requestStateChange(vm, host.legacyStates() ? REQUEST_PAUSE_LEGACY : REQUEST_QUIESCE);
    }

    void resume(DomainRef domain) {
        HypervVm vm = inventory.of(domain);
        if (!HypervEnabledState.isPaused(vm.enabledState())) {
            throw HypervErrors.invalid("Domain is not paused");
        }
        requestStateChange(vm, REQUEST_START);
    }

    /** libvirt's reboot: RequestStateChange 10 (Hyper-V resets the VM; the guest is not asked). */
    void reboot(DomainRef domain) {
        requestStateChange(running(domain), REQUEST_REBOOT);
    }

    /** A clean shutdown by the guest, through its integration services' shutdown component. */
    void shutdown(DomainRef domain) {
        HypervVm vm = activeAndSettled(domain, "Domain is not active or in state transition");
        List<CimInstance> components = context.virtualization(Wql.select("Msvm_ShutdownComponent")
                .where("SystemName", vm.guid()));
        if (components.isEmpty()) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.HYPERV,
                    "Could not get Msvm_ShutdownComponent for domain with UUID '" + vm.uuid() + "'");
        }
        CimInstance component = components.get(0);
        context.invoke(HypervContext.reference("Msvm_ShutdownComponent",
                "CreationClassName", "Msvm_ShutdownComponent", "DeviceID", component.get("DeviceID"),
                "SystemCreationClassName", HypervVm.CLASS, "SystemName", vm.guid()),
                "InitiateShutdown", CimParameter.simple("Force", "false"),
                CimParameter.simple("Reason", SHUTDOWN_REASON));
    }

    /** libvirt's managed save: Hyper-V's own save (the state stays with the VM, which starts from it). */
    void managedSave(DomainRef domain) {
        HypervVm vm = activeAndSettled(domain, "Domain is not active or is in state transition");
        requestStateChange(vm, host.legacyStates() ? REQUEST_SAVE_LEGACY : REQUEST_OFFLINE);
    }

    boolean hasManagedSave(DomainRef domain) {
        return inventory.of(domain).isSaved();
    }

    /** Drops the saved state: a saved VM turned off is off. */
    void managedSaveRemove(DomainRef domain) {
        HypervVm vm = inventory.of(domain);
        if (!vm.isSaved()) {
            throw HypervErrors.invalid("Domain has no managed save image");
        }
        requestStateChange(vm, REQUEST_TURN_OFF);
    }

    private HypervVm running(DomainRef domain) {
        HypervVm vm = inventory.of(domain);
        if (vm.enabledState() != HypervEnabledState.ENABLED) {
            throw HypervErrors.invalid("Domain is not active");
        }
        return vm;
    }

    private HypervVm activeAndSettled(DomainRef domain, String refusal) {
        HypervVm vm = inventory.of(domain);
        if (!vm.isActive() || vm.inTransition()) {
            throw HypervErrors.invalid(refusal);
        }
        return vm;
    }

    private void requestStateChange(HypervVm vm, int requestedState) {
        context.invoke(vm.reference(), "RequestStateChange",
                CimParameter.simple("RequestedState", Integer.toString(requestedState)));
    }
}
