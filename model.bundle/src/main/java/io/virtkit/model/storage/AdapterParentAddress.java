package io.virtkit.model.storage;

/** A scsi_host adapter's {@code <parentaddr unique_id><address domain bus slot function/></parentaddr>}. */
public record AdapterParentAddress(Integer uniqueId, int domain, int bus, int slot, int function) {
}
