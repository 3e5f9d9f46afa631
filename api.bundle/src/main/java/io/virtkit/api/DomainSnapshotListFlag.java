package io.virtkit.api;

/**
 * Filters for listing snapshots, libvirt's {@code virDomainSnapshotListFlags} with the same bits. Bit 1 means
 * {@link #ROOTS} when listing a domain's snapshots and {@link #DESCENDANTS} when listing a snapshot's children.
 * Within each group (leaves, metadata, state, location) no bit set means no filtering by that group.
 *
 * @since 1.6
 */
public enum DomainSnapshotListFlag implements Flag {
    /** Only snapshots without a parent (listing a domain). */
    ROOTS(1),
    /** All descendants, not only direct children (listing a snapshot). */
    DESCENDANTS(1),
    /** Snapshots that have metadata. */
    METADATA(1 << 1),
    /** Snapshots without children. */
    LEAVES(1 << 2),
    /** Snapshots with children. */
    NO_LEAVES(1 << 3),
    /** Snapshots without metadata. */
    NO_METADATA(1 << 4),
    /** Snapshots taken while the guest was shut off. */
    INACTIVE(1 << 5),
    /** Snapshots taken while the guest was active, with its memory state. */
    ACTIVE(1 << 6),
    /** Snapshots taken while the guest was active, without memory state. */
    DISK_ONLY(1 << 7),
    /** Snapshots stored inside the disk images. */
    INTERNAL(1 << 8),
    /** Snapshots using files outside the disk images. */
    EXTERNAL(1 << 9),
    /** Parents before their children in the answer. */
    TOPOLOGICAL(1 << 10);

    private final int bit;

    DomainSnapshotListFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }
}
