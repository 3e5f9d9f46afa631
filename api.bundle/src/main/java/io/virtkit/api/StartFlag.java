package io.virtkit.api;

/** Options for starting a domain, as libvirt's {@code virDomainCreateFlags} with the same bits. */
public enum StartFlag implements Flag {
    /** Start with the virtual CPUs paused (state PAUSED, reason USER). */
    PAUSED(1),
    /** Destroy the domain when the connection that started it closes. */
    AUTODESTROY(1 << 1);

    private final int bit;

    StartFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }
}
