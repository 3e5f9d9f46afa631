package io.virtkit.storage.internal;

/**
 * The {@code -o} options of a new qcow2 image, as libvirt passes them from the volume's XML; null or false
 * leaves qemu-img's default.
 *
 * @param backingFile   the backing store's path ({@code <backingStore><path>})
 * @param backingFormat its format ({@code <backingStore><format type>}), probed when null
 * @param compat        {@code <compat>}: "0.10" or "1.1"
 * @param clusterSize   {@code <clusterSize>} in bytes, or 0
 * @param lazyRefcounts {@code <features><lazy_refcounts/>} (needs compat 1.1)
 */
record Qcow2Options(String backingFile, String backingFormat, String compat, long clusterSize,
                    boolean lazyRefcounts) {
    static final Qcow2Options DEFAULT = new Qcow2Options(null, null, null, 0, false);

    static Qcow2Options backedBy(String backingFile, String backingFormat) {
        return new Qcow2Options(backingFile, backingFormat, null, 0, false);
    }
}
