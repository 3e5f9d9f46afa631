package io.virtkit.model.snapshot;

import java.util.List;
import java.util.Objects;

import io.virtkit.model.domain.DomainDefinition;

/**
 * A domain snapshot as libvirt's {@code <domainsnapshot>} describes it ({@code virDomainSnapshotDef}). Fields a
 * document may leave out are null: {@code description}, {@code parent} (a root), {@code memory}, {@code domain}
 * (the definition the snapshot keeps, for reverting); {@code state} and {@code creationTime} are null only in the
 * XML a client gives to take a snapshot, the driver fills them.
 *
 * @param creationTime seconds since the epoch
 */
public record SnapshotDefinition(String name, String description, SnapshotState state, Long creationTime,
        String parent, SnapshotMemory memory, List<SnapshotDisk> disks, DomainDefinition domain) {

    public SnapshotDefinition {
        Objects.requireNonNull(name, "name");
        disks = List.copyOf(disks);
    }

    public SnapshotDefinition withState(SnapshotState newState) {
        return new SnapshotDefinition(name, description, newState, creationTime, parent, memory, disks, domain);
    }

    public SnapshotDefinition withParent(String newParent) {
        return new SnapshotDefinition(name, description, state, creationTime, newParent, memory, disks, domain);
    }

    public SnapshotDefinition withMemory(SnapshotMemory newMemory) {
        return new SnapshotDefinition(name, description, state, creationTime, parent, newMemory, disks, domain);
    }

    public SnapshotDefinition withDisks(List<SnapshotDisk> newDisks) {
        return new SnapshotDefinition(name, description, state, creationTime, parent, memory, newDisks, domain);
    }

    public SnapshotDefinition withDomain(DomainDefinition newDomain) {
        return new SnapshotDefinition(name, description, state, creationTime, parent, memory, disks, newDomain);
    }
}
