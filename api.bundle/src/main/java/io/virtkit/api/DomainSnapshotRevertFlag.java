package io.virtkit.api;

/**
 * Options for reverting to a snapshot, libvirt's {@code virDomainSnapshotRevertFlags} with the same bits.
 *
 * @since 1.6
 */
public enum DomainSnapshotRevertFlag implements Flag {
    /** Run the guest after reverting. */
    RUNNING(1),
    /** Leave the guest paused after reverting. */
    PAUSED(1 << 1),
    /** Allow a risky revert. */
    FORCE(1 << 2),
    /** Initialise the NVRAM again from its template. */
    RESET_NVRAM(1 << 3);

    private final int bit;

    DomainSnapshotRevertFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }
}
