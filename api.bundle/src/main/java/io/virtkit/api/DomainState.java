package io.virtkit.api;

/** A domain's state, numbered as libvirt's {@code virDomainState}; {@link #label()} is virsh's wording. */
public enum DomainState {
    NOSTATE(0, "no state"),
    RUNNING(1, "running"),
    BLOCKED(2, "idle"),
    PAUSED(3, "paused"),
    SHUTDOWN(4, "in shutdown"),
    SHUTOFF(5, "shut off"),
    CRASHED(6, "crashed"),
    PMSUSPENDED(7, "pmsuspended");

    private final int number;
    private final String label;

    DomainState(int number, String label) {
        this.number = number;
        this.label = label;
    }

    public int number() {
        return number;
    }

    /** The state as virsh prints it ("shut off"). */
    public String label() {
        return label;
    }

    /** Whether a domain in this state has a running instance (everything but SHUTOFF and NOSTATE). */
    public boolean isActive() {
        return this != SHUTOFF && this != NOSTATE;
    }

    public static DomainState ofNumber(int number) {
        for (DomainState s : values()) {
            if (s.number == number) {
                return s;
            }
        }
        return NOSTATE;
    }
}
