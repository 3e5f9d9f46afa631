package io.virtkit.model.snapshot;

import java.util.Optional;

/** Where a snapshot keeps memory or a disk, libvirt's {@code virDomainSnapshotLocation} ({@code snapshot='…'}). */
public enum SnapshotLocation {
    /** Not taken. */
    NO("no"),
    /** Inside the disk image (qcow2 internal snapshots). */
    INTERNAL("internal"),
    /** In a file of its own. */
    EXTERNAL("external"),
    /** Left to the user. */
    MANUAL("manual");

    private final String xmlName;

    SnapshotLocation(String xmlName) {
        this.xmlName = xmlName;
    }

    public String xmlName() {
        return xmlName;
    }

    public static Optional<SnapshotLocation> ofXmlName(String name) {
        for (SnapshotLocation l : values()) {
            if (l.xmlName.equals(name)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }
}
