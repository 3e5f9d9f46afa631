package io.virtkit.api;

/**
 * Options for taking a snapshot, libvirt's {@code virDomainSnapshotCreateFlags} with the same bits.
 *
 * @since 1.6
 */
public enum DomainSnapshotCreateFlag implements Flag {
    /** Define (or change) a snapshot's metadata from full snapshot XML instead of taking one. */
    REDEFINE(1),
    /** With {@link #REDEFINE}: make the redefined snapshot the current one. */
    CURRENT(1 << 1),
    /** Take the snapshot without keeping its metadata. */
    NO_METADATA(1 << 2),
    /** Stop the guest once the snapshot is taken. */
    HALT(1 << 3),
    /** Only the disks, not the memory state. */
    DISK_ONLY(1 << 4),
    /** Reuse existing external files. */
    REUSE_EXT(1 << 5),
    /** Quiesce the guest's file systems through its agent first. */
    QUIESCE(1 << 6),
    /** All or nothing: no partial changes on failure. */
    ATOMIC(1 << 7),
    /** Take the snapshot while the guest keeps running. */
    LIVE(1 << 8),
    /** Validate the XML against the schema. */
    VALIDATE(1 << 9);

    private final int bit;

    DomainSnapshotCreateFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }
}
