package io.virtkit.api;

/**
 * What a memory change applies to, libvirt's {@code virDomainMemoryModFlags} with the same bits (for
 * {@link Domain#setMemory}). No flag (or {@link #CURRENT}) means the running domain when it runs, else its
 * persistent configuration; LIVE and CONFIG may be combined.
 *
 * @since 1.6
 */
public enum MemoryModFlag implements Flag {
    /** The current state: live if the domain runs, else its persistent configuration. */
    CURRENT(0),
    /** The running domain (fails with OPERATION_INVALID if it is not running). */
    LIVE(1),
    /** The persistent configuration (fails with OPERATION_INVALID for a transient domain). */
    CONFIG(1 << 1),
    /** The maximum memory rather than the current (balloon) allocation. */
    MAXIMUM(1 << 2);

    private final int bit;

    MemoryModFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
