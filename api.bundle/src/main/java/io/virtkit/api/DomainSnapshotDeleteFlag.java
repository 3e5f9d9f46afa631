package io.virtkit.api;

/**
 * Options for deleting a snapshot, libvirt's {@code virDomainSnapshotDeleteFlags} with the same bits.
 *
 * @since 1.6
 */
public enum DomainSnapshotDeleteFlag implements Flag {
    /** Also delete the snapshot's descendants. */
    CHILDREN(1),
    /** Delete only the metadata, leaving the hypervisor's data. */
    METADATA_ONLY(1 << 1),
    /** Delete only the descendants, keeping the snapshot. */
    CHILDREN_ONLY(1 << 2);

    private final int bit;

    DomainSnapshotDeleteFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }
}
