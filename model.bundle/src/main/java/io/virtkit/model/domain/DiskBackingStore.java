package io.virtkit.model.domain;

import java.util.Objects;

/**
 * One image below a disk in its backing chain ({@code <backingStore>}), or the chain's end.
 *
 * @param type         the image's storage type ({@code file}, {@code block}, {@code network} …); {@code null}
 *                     for the end of the chain ({@code <backingStore/>})
 * @param format       the image format ({@code raw}, {@code qcow2} …), or {@code null}
 * @param source       where the image lives, or {@code null}
 * @param backingStore the next image down, or {@code null} when the chain below is unknown
 * @param index        the live index of the image in the chain, or {@code null}
 * @param metadataCacheMaxSize the image's qcow2 metadata cache limit in bytes ({@code <format><metadata_cache>
 *                     <max_size>}), or {@code null}
 */
public record DiskBackingStore(String type, String format, DiskSource source, DiskBackingStore backingStore,
        Integer index, Long metadataCacheMaxSize) {

    /** The end of a chain: nothing below (libvirt's empty {@code <backingStore/>}). */
    public static final DiskBackingStore END = new DiskBackingStore(null, null, null, null, null);

    /** An image without a metadata cache limit (the form before it was modelled). */
    public DiskBackingStore(String type, String format, DiskSource source, DiskBackingStore backingStore,
            Integer index) {
        this(type, format, source, backingStore, index, null);
    }

    public DiskBackingStore {
        if (type == null && (format != null || source != null || backingStore != null || index != null
                || metadataCacheMaxSize != null)) {
            throw new IllegalArgumentException("the end of a backing chain carries nothing");
        }
        if (type != null) {
            Objects.requireNonNull(source, "source");
        }
    }

    /** Whether this is the end of the chain. */
    public boolean isEnd() {
        return type == null;
    }
}
