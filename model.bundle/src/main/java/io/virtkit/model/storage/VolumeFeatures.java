package io.virtkit.model.storage;

/** A qcow2 volume's {@code <features>}: lazy refcounts and extended L2 entries. */
public record VolumeFeatures(boolean lazyRefcounts, boolean extendedL2) {
}
