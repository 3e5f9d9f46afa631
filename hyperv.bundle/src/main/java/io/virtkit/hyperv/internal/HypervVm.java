package io.virtkit.hyperv.internal;

import java.util.Locale;
import java.util.UUID;

import io.virtkit.api.DomainState;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.hyperv.internal.wsman.CimInstance;
import io.virtkit.hyperv.internal.wsman.CimReference;

/**
 * One virtual machine as its Msvm_ComputerSystem reads: name (ElementName), GUID (Name, the domain's UUID),
 * EnabledState and ProcessID (the vmwp.exe process, libvirt's domain id while it runs).
 */
record HypervVm(String name, String guid, int enabledState, long processId) {

    static final String CLASS = "Msvm_ComputerSystem";
    static final String VIRTUAL_MACHINE = "Microsoft Virtual Machine";

    static HypervVm of(CimInstance computerSystem) {
        String state = computerSystem.get("EnabledState");
        String pid = computerSystem.get("ProcessID");
        return new HypervVm(computerSystem.get("ElementName"), computerSystem.get("Name"),
                state == null ? HypervEnabledState.UNKNOWN : Integer.parseInt(state.strip()),
                pid == null || pid.isBlank() ? -1 : Long.parseLong(pid.strip()));
    }

    UUID uuid() {
        return UUID.fromString(guid);
    }

    /** Hyper-V keeps GUIDs upper-case; a UUID as the WMI key reads. */
    static String guidOf(UUID uuid) {
        return uuid.toString().toUpperCase(Locale.ROOT);
    }

    boolean isActive() {
        return HypervEnabledState.isActive(enabledState);
    }

    boolean inTransition() {
        return HypervEnabledState.inTransition(enabledState);
    }

    DomainState state() {
        return HypervEnabledState.state(enabledState);
    }

    boolean isSaved() {
        return HypervEnabledState.isSaved(enabledState);
    }

    int id() {
        return isActive() && processId >= 0 ? (int) processId : -1;
    }

    DomainRef toRef() {
        return new DomainRef(name, uuid(), id());
    }

    /** The reference methods are invoked on (its keys CreationClassName and Name). */
    CimReference reference() {
        return HypervContext.reference(CLASS, "CreationClassName", CLASS, "Name", guid);
    }
}
