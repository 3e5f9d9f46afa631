package io.virtkit.esx.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.virtkit.esx.internal.vim.MoRef;
import io.virtkit.esx.internal.vim.ObjectContent;
import io.virtkit.esx.internal.vim.VimNode;

/**
 * Autostart through the host's autostart manager, as libvirt's ESX driver: a VM autostarts when the manager
 * is enabled and the VM's power info says {@code powerOn}; enabling one VM enables the manager, disabling
 * sets the VM's start action to {@code none}.
 */
final class EsxAutostart {

    private final EsxContext context;
    private volatile MoRef manager; // the host's, for good: read once

    EsxAutostart(EsxContext context) {
        this.context = context;
    }

    private MoRef manager() {
        MoRef known = manager;
        if (known != null) {
            return known;
        }
        ObjectContent host = EsxErrors.call(() -> context.properties.retrieveOne(context.refs.hostSystem(),
                "configManager.autoStartManager"));
        manager = host.get("configManager.autoStartManager").map(VimNode::asMoRef)
                .orElseThrow(() -> EsxErrors.internal("The host has no autostart manager"));
        return manager;
    }

    /** The reference values of the VMs that start with the host. */
    Set<String> autostartedRefs() {
        ObjectContent config = EsxErrors.call(() -> context.properties.retrieveOne(manager(), "config"));
        VimNode cfg = config.get("config").orElse(null);
        Set<String> refs = new HashSet<>();
        if (cfg == null || !"true".equals(cfg.textAt("defaults.enabled"))) {
            return refs;
        }
        for (VimNode info : cfg.children("powerInfo")) {
            if ("powerOn".equalsIgnoreCase(info.textAt("startAction"))) {
                info.child("key").ifPresent(k -> refs.add(k.text()));
            }
        }
        return refs;
    }

    boolean isAutostarted(EsxVm vm) {
        return autostartedRefs().contains(vm.ref().value());
    }

    void set(EsxVm vm, boolean enabled) {
        List<VimNode> spec = new java.util.ArrayList<>();
        if (enabled) {
            spec.add(VimNode.of("defaults", VimNode.leaf("enabled", "true")));
        }
        spec.add(VimNode.of("powerInfo", vm.ref().toNode("key"), VimNode.leaf("startOrder", "-1"),
                VimNode.leaf("startDelay", "-1"), VimNode.leaf("waitForHeartbeat", "systemDefault"),
                VimNode.leaf("startAction", enabled ? "powerOn" : "none"), VimNode.leaf("stopDelay", "-1"),
                VimNode.leaf("stopAction", "systemDefault")));
        MoRef manager = manager();
        EsxErrors.run(() -> context.session.call("ReconfigureAutostart", manager, VimNode.of("spec", spec)));
    }
}
