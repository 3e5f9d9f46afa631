package io.virtkit.model.storage;

/** A byte range of a device: a pool device's {@code <freeExtent>}, a volume source's {@code <extent>}. */
public record StorageExtent(long start, long end) {
}
