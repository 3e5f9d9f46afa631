package io.virtkit.esx.internal;

import java.util.List;

import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.esx.internal.vim.MoRef;
import io.virtkit.esx.internal.vim.VimFault;
import io.virtkit.esx.internal.vim.VimNode;

/**
 * libvirt's ESX driver refuses a task-based change of a VM (start, resume, destroy, suspend, ...) while one of
 * the VM's recent tasks is still queued or running, with OPERATION_INVALID "Other tasks are pending for this
 * domain", before it looks at the VM's state. Such a task is typically one a client started and then died
 * without waiting for (Virtkit killed during a power-on): the server owns it and it ends (or is cancelled) on
 * its own time; until then a second change would only queue behind it or fail on the server.
 */
final class EsxPendingTasks {

    static final String MESSAGE = "Other tasks are pending for this domain";

    private final EsxContext context;
    private final EsxInventory inventory;

    EsxPendingTasks(EsxContext context, EsxInventory inventory) {
        this.context = context;
        this.inventory = inventory;
    }

    /** Throws OPERATION_INVALID when a task of the domain's VM is queued or running. */
    void ensureNone(DomainRef domain) {
        MoRef vm = inventory.of(domain).ref();
        List<VimNode> recent = EsxErrors.call(() -> context.properties.retrieveOne(vm, "recentTask"))
                .get("recentTask").map(VimNode::children).orElse(List.of());
        for (VimNode task : recent) {
            String state = stateOf(task.asMoRef());
            if ("queued".equals(state) || "running".equals(state)) {
                throw EsxErrors.invalid(MESSAGE);
            }
        }
    }

    /** A task's {@code info.state}; null for one the server already forgot (it is not pending). */
    private String stateOf(MoRef task) {
        try {
            return EsxErrors.call(() -> context.properties.retrieveOne(task, "info.state").text("info.state"));
        } catch (VirtException e) {
            if (e.getCause() instanceof VimFault fault && fault.is("ManagedObjectNotFound")) {
                return null;
            }
            throw e;
        }
    }
}
