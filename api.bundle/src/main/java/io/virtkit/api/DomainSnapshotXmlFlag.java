package io.virtkit.api;

/**
 * Options for a snapshot's XML description, libvirt's {@code virDomainSnapshotXMLFlags} with the same bits.
 * libvirt 9.0 has only SECURE for snapshots (NO_DOMAIN is a checkpoint flag, {@code virDomainCheckpointXMLFlags}).
 *
 * @since 1.6
 */
public enum DomainSnapshotXmlFlag implements Flag {
    /** Include security-sensitive information of the embedded domain (e.g. VNC passwords). */
    SECURE(1);

    private final int bit;

    DomainSnapshotXmlFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }
}
