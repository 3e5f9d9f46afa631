package io.virtkit.model.snapshot;

import java.util.Objects;

/**
 * A snapshot's {@code <memory snapshot='…' file='…'/>}: where the guest's memory state goes; {@code file} only for an
 * external one (null otherwise).
 */
public record SnapshotMemory(SnapshotLocation snapshot, String file) {
    public SnapshotMemory {
        Objects.requireNonNull(snapshot, "snapshot");
    }
}
