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

    /**
     * These options with libvirt's compat level when none is given: 1.1 when a feature asks for it (libvirt's
     * volume XML gives {@code <features>} compat 1.1), else 0.10, which libvirt passes to every new qcow2 image
     * whatever qemu-img's own default.
     */
    static Qcow2Options withDefaultCompat(Qcow2Options o) {
        Qcow2Options options = o == null ? DEFAULT : o;
        if (options.compat() != null) {
            return options;
        }
        return new Qcow2Options(options.backingFile(), options.backingFormat(),
                options.lazyRefcounts() ? "1.1" : "0.10", options.clusterSize(), options.lazyRefcounts());
    }

    static Qcow2Options backedBy(String backingFile, String backingFormat) {
        return new Qcow2Options(backingFile, backingFormat, null, 0, false);
    }
}
