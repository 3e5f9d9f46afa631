package io.virtkit.esx.internal;

import io.virtkit.api.DomainState;
import io.virtkit.api.driver.DomainRef;

/**
 * A VM's power operations as libvirt's ESX driver does them, with its state checks and wording: start and
 * resume power on, destroy powers off, suspend suspends (to disk: the VM shows as paused), shutdown and reboot
 * ask the guest through VMware Tools. Each waits for its task.
 */
final class EsxPower {

    private final EsxContext context;
    private final EsxInventory inventory;

    EsxPower(EsxContext context, EsxInventory inventory) {
        this.context = context;
        this.inventory = inventory;
    }

    void start(DomainRef domain) {
        EsxVm vm = inventory.of(domain);
        if (vm.state() != DomainState.SHUTOFF) {
            throw EsxErrors.invalid("Domain is not powered off");
        }
        powerOn(vm, "Could not start domain");
    }

    void resume(DomainRef domain) {
        EsxVm vm = inventory.of(domain);
        if (vm.state() != DomainState.PAUSED) {
            throw EsxErrors.invalid("Domain is not suspended");
        }
        powerOn(vm, "Could not resume domain");
    }

    private void powerOn(EsxVm vm, String context) {
        EsxErrors.task(context, () -> this.context.tasks.run(this.context.taskTimeout(), "PowerOnVM_Task",
                vm.ref()));
    }

    void destroy(DomainRef domain) {
        EsxVm vm = inventory.of(domain);
        if (vm.state() == DomainState.SHUTOFF) {
            throw EsxErrors.invalid("Domain is not powered on");
        }
        EsxErrors.task("Could not destroy domain", () -> context.tasks.run(context.taskTimeout(), "PowerOffVM_Task",
                vm.ref()));
    }

    void suspend(DomainRef domain) {
        EsxVm vm = runningVm(domain);
        EsxErrors.task("Could not suspend domain", () -> context.tasks.run(context.taskTimeout(), "SuspendVM_Task",
                vm.ref()));
    }

    void shutdown(DomainRef domain) {
        EsxVm vm = runningVm(domain);
        EsxErrors.run(() -> context.session.call("ShutdownGuest", vm.ref()));
    }

    void reboot(DomainRef domain) {
        EsxVm vm = runningVm(domain);
        EsxErrors.run(() -> context.session.call("RebootGuest", vm.ref()));
    }

    private EsxVm runningVm(DomainRef domain) {
        EsxVm vm = inventory.of(domain);
        if (vm.state() != DomainState.RUNNING) {
            throw EsxErrors.invalid("Domain is not powered on");
        }
        return vm;
    }
}
