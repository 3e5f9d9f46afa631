package io.virtkit.model.snapshot;

import java.util.Optional;

import io.virtkit.api.DomainState;

/**
 * The state a domain was in when a snapshot was taken, libvirt's {@code virDomainSnapshotState}: a domain state, or
 * {@link #DISK_SNAPSHOT} for a disk-only snapshot of an active domain. The XML names are libvirt's.
 */
public enum SnapshotState {
    NOSTATE("nostate"), RUNNING("running"), BLOCKED("blocked"), PAUSED("paused"), SHUTDOWN("shutdown"),
    SHUTOFF("shutoff"), CRASHED("crashed"), PMSUSPENDED("pmsuspended"), DISK_SNAPSHOT("disk-snapshot");

    private final String xmlName;

    SnapshotState(String xmlName) {
        this.xmlName = xmlName;
    }

    public String xmlName() {
        return xmlName;
    }

    /** Whether the domain was active (running or paused, with memory state) when the snapshot was taken. */
    public boolean isActive() {
        return this == RUNNING || this == PAUSED;
    }

    /** The snapshot state of a domain in {@code state}. */
    public static SnapshotState of(DomainState state) {
        return switch (state) {
            case NOSTATE -> NOSTATE;
            case RUNNING -> RUNNING;
            case BLOCKED -> BLOCKED;
            case PAUSED -> PAUSED;
            case SHUTDOWN -> SHUTDOWN;
            case SHUTOFF -> SHUTOFF;
            case CRASHED -> CRASHED;
            case PMSUSPENDED -> PMSUSPENDED;
        };
    }

    public static Optional<SnapshotState> ofXmlName(String name) {
        for (SnapshotState s : values()) {
            if (s.xmlName.equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
