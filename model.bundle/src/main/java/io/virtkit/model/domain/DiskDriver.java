package io.virtkit.model.domain;

/**
 * The tuning attributes of a disk's {@code <driver>} beyond its name and format (those stay on
 * {@link DiskDevice}): how the hypervisor caches, submits and discards I/O and what it does on errors.
 * Every component is {@code null} when the attribute is absent (the hypervisor's default).
 *
 * @param cache        {@code default}, {@code none}, {@code writethrough}, {@code writeback}, {@code directsync}
 *                     or {@code unsafe}
 * @param errorPolicy  on a write error: {@code stop}, {@code report}, {@code ignore} or {@code enospace}
 * @param rerrorPolicy on a read error: {@code stop}, {@code report} or {@code ignore}
 * @param io           {@code threads}, {@code native} or {@code io_uring}
 * @param ioeventfd    whether virtio notifications go through an eventfd
 * @param eventIdx     whether virtio's event index feature is offered
 * @param copyOnRead   whether reads populate the image from its backing chain
 * @param discard      {@code unmap} (pass discards down) or {@code ignore}
 * @param iothread     the IOThread (by id) serving the disk
 * @param detectZeroes {@code off}, {@code on} or {@code unmap}
 * @param queues       the number of virtio queues
 * @param queueSize    each virtio queue's size
 * @param iommu        virtio option: use the IOMMU
 * @param ats          virtio option: address translation services
 * @param packed       virtio option: packed virtqueues
 * @param pagePerVq    virtio option: a page per virtqueue for notifications
 * @param metadataCacheMaxSize the qcow2 metadata cache limit in bytes ({@code <metadata_cache><max_size>}), or
 *                     {@code null} (an empty {@code <metadata_cache/>} says nothing: libvirt keeps no trace of it)
 */
public record DiskDriver(String cache, String errorPolicy, String rerrorPolicy, String io, Boolean ioeventfd,
        Boolean eventIdx, Boolean copyOnRead, String discard, Integer iothread, String detectZeroes, Integer queues,
        Integer queueSize, Boolean iommu, Boolean ats, Boolean packed, Boolean pagePerVq, Long metadataCacheMaxSize) {

    /** Tuning without a metadata cache limit (the form before it was modelled). */
    public DiskDriver(String cache, String errorPolicy, String rerrorPolicy, String io, Boolean ioeventfd,
            Boolean eventIdx, Boolean copyOnRead, String discard, Integer iothread, String detectZeroes,
            Integer queues, Integer queueSize, Boolean iommu, Boolean ats, Boolean packed, Boolean pagePerVq) {
        this(cache, errorPolicy, rerrorPolicy, io, ioeventfd, eventIdx, copyOnRead, discard, iothread, detectZeroes,
                queues, queueSize, iommu, ats, packed, pagePerVq, null);
    }

    /** No tuning: every attribute at the hypervisor's default. */
    public static final DiskDriver DEFAULT = new DiskDriver(null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null);

    /** Whether no attribute is set. */
    public boolean isDefault() {
        return equals(DEFAULT);
    }

    /** {@code value}, or {@link #DEFAULT} for {@code null}. */
    public static DiskDriver orDefault(DiskDriver value) {
        return value == null ? DEFAULT : value;
    }
}
