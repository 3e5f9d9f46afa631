package io.virtkit.hyperv.internal;

import io.virtkit.api.DomainState;
import io.virtkit.api.DomainStateReason;

/**
 * Msvm_ComputerSystem.EnabledState and what libvirt makes of it ({@code hypervMsvmComputerSystemEnabledStateToDomainState},
 * {@code hypervIsMsvmComputerSystemActive}). libvirt's tables were written for the v1 namespace; on a v2 host
 * (Windows Server 2012 and later, the only kind reachable through root/virtualization/v2) a paused VM reads
 * 9 (Quiesce) and a saved one 6 (Enabled but Offline), which libvirt's tables leave as "no state" and inactive.
 * Here both generations' values count: 9 and 32768 are paused (active), 6 and 32769 are saved, which is shut off
 * with reason "saved" — more than libvirt's reason 0 — and a managed save image.
 */
final class HypervEnabledState {

    static final int UNKNOWN = 0;
    static final int ENABLED = 2;
    static final int DISABLED = 3;
    static final int OFFLINE = 6; // v2's saved
    static final int QUIESCE = 9; // v2's paused
    static final int PAUSED = 32768; // v1's paused
    static final int SUSPENDED = 32769; // v1's saved
    static final int STARTING = 32770;
    static final int SNAPSHOTTING = 32771;
    static final int SAVING = 32773;
    static final int STOPPING = 32774;
    static final int PAUSING = 32776;
    static final int RESUMING = 32777;

    private HypervEnabledState() {
    }

    /** libvirt's state and, where Hyper-V says more than libvirt keeps, a reason. */
    static DomainStateReason reason(int enabledState) {
        return switch (enabledState) {
            case ENABLED -> DomainStateReason.RUNNING_UNKNOWN;
            case DISABLED -> DomainStateReason.SHUTOFF_UNKNOWN;
            case OFFLINE, SUSPENDED -> DomainStateReason.SHUTOFF_SAVED; // libvirt: shutoff, reason 0
            case QUIESCE, PAUSED -> DomainStateReason.PAUSED_UNKNOWN;
            // transitions: libvirt calls them running, except stopping (in shutdown); the reason stays 0 as
            // libvirt's since none of libvirt's reasons says "starting" or "saving" of a running domain
            case STARTING, SNAPSHOTTING, SAVING, PAUSING, RESUMING -> DomainStateReason.RUNNING_UNKNOWN;
            case STOPPING -> DomainStateReason.SHUTDOWN_UNKNOWN;
            default -> DomainStateReason.NOSTATE_UNKNOWN;
        };
    }

    static DomainState state(int enabledState) {
        return reason(enabledState).state();
    }

    /** Whether the VM runs (has an id): running, paused or between states. */
    static boolean isActive(int enabledState) {
        return switch (enabledState) {
            case ENABLED, QUIESCE, PAUSED -> true;
            default -> inTransition(enabledState);
        };
    }

    static boolean inTransition(int enabledState) {
        return switch (enabledState) {
            case STARTING, SNAPSHOTTING, SAVING, STOPPING, PAUSING, RESUMING -> true;
            default -> false;
        };
    }

    static boolean isPaused(int enabledState) {
        return enabledState == QUIESCE || enabledState == PAUSED;
    }

    /** A saved VM: libvirt's hyperv driver calls its saved state the domain's managed save image. */
    static boolean isSaved(int enabledState) {
        return enabledState == OFFLINE || enabledState == SUSPENDED;
    }
}
