package io.virtkit.storage.internal;

/**
 * The {@code -o} options of a new qcow2 image, as libvirt passes them from the volume's XML; null or false
 * leaves the default ({@link #withDefaultCompat} gives libvirt's compat level).
 *
 * @param backingFile   the backing store's path ({@code <backingStore><path>})
 * @param backingFormat its format ({@code <backingStore><format type>}), probed when null
 * @param compat        {@code <compat>}: "0.10" or "1.1"
 * @param clusterSize   {@code <clusterSize>} in bytes, or 0
 * @param lazyRefcounts {@code <features><lazy_refcounts/>} (needs compat 1.1)
 * @param extendedL2    {@code <features><extended_l2/>} (needs compat 1.1)
 */
record Qcow2Options(String backingFile, String backingFormat, String compat, long clusterSize,
                    boolean lazyRefcounts, boolean extendedL2) {
    static final Qcow2Options DEFAULT = new Qcow2Options(null, null, null, 0, false);

    /** Options without extended L2 entries. */
    Qcow2Options(String backingFile, String backingFormat, String compat, long clusterSize, boolean lazyRefcounts) {
        this(backingFile, backingFormat, compat, clusterSize, lazyRefcounts, false);
    }

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
        return options.withCompat(options.lazyRefcounts() || options.extendedL2() ? "1.1" : "0.10");
    }

    Qcow2Options withCompat(String level) {
        return new Qcow2Options(backingFile, backingFormat, level, clusterSize, lazyRefcounts, extendedL2);
    }

    Qcow2Options withBackingFormat(String format) {
        return new Qcow2Options(backingFile, format, compat, clusterSize, lazyRefcounts, extendedL2);
    }

    /** The options of a copy, which holds all the data: no backing store. */
    Qcow2Options withoutBacking() {
        return new Qcow2Options(null, null, compat, clusterSize, lazyRefcounts, extendedL2);
    }

    static Qcow2Options backedBy(String backingFile, String backingFormat) {
        return new Qcow2Options(backingFile, backingFormat, null, 0, false);
    }
}
