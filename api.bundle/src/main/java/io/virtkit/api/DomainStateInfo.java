package io.virtkit.api;

import java.util.Objects;

/** A domain's state and the reason for it, as {@code virDomainGetState} reports them. */
public record DomainStateInfo(DomainState state, DomainStateReason reason) {
    public DomainStateInfo {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        if (reason.state() != state) {
            throw new IllegalArgumentException("reason " + reason + " does not belong to state " + state);
        }
    }

    public static DomainStateInfo of(DomainStateReason reason) {
        return new DomainStateInfo(reason.state(), reason);
    }

    /** virsh's {@code domstate --reason} wording: "running (booted)". */
    @Override
    public String toString() {
        return state.label() + " (" + reason.label() + ")";
    }
}
