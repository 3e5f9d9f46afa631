package io.virtkit.model.domain;

/**
 * The virtio options of a device's {@code <driver>} ({@code iommu}, {@code ats}, {@code packed},
 * {@code page_per_vq}); each {@code null} when not set.
 */
public record VirtioOptions(Boolean iommu, Boolean ats, Boolean packed, Boolean pagePerVq) {

    /** No virtio option set. */
    public static final VirtioOptions NONE = new VirtioOptions(null, null, null, null);

    /** Whether no option is set. */
    public boolean isEmpty() {
        return equals(NONE);
    }
}
