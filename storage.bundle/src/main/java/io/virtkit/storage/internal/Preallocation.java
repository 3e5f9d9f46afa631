package io.virtkit.storage.internal;

import io.virtkit.api.ErrorCode;

/**
 * What {@code VIR_STORAGE_VOL_CREATE_PREALLOC_METADATA} asks of a new qcow2 image, as libvirt passes it to
 * qemu-img: the metadata only when the volume's allocation is below its capacity (the image stays sparse), the
 * whole image reserved (falloc) when it is not. Other formats refuse it.
 */
enum Preallocation {
    NONE(null), METADATA("metadata"), FALLOC("falloc");

    private final String option;

    Preallocation(String option) {
        this.option = option;
    }

    /** For the flag's presence and the new volume's allocation and capacity (bytes; libvirt compares KiB). */
    static Preallocation of(boolean flag, long allocation, long capacity) {
        if (!flag) {
            return NONE;
        }
        return kib(capacity) > kib(allocation) ? METADATA : FALLOC;
    }

    /** qemu-img's {@code preallocation=} value, null for none. */
    String option() {
        return option;
    }

    /**
     * libvirt's refusals of the flag for a copy of a {@code sourceFormat} volume in {@code format}: a raw to raw
     * copy is written by the driver itself, anything else by qemu-img, which preallocates qcow2 only.
     */
    void refuseForCopy(String sourceFormat, String format) {
        if ("raw".equals(sourceFormat) && "raw".equals(format)) {
            refuseForRaw();
        } else {
            refuseUnlessQcow2(format);
        }
    }

    /** libvirt's refusal of the flag for a raw file it writes itself (create, or a raw to raw copy). */
    void refuseForRaw() {
        if (this != NONE) {
            throw StorageErrors.error(ErrorCode.CONFIG_UNSUPPORTED,
                    "metadata preallocation is not supported for raw volumes");
        }
    }

    /** libvirt's refusal of the flag for a qemu-img image of another format than qcow2. */
    void refuseUnlessQcow2(String format) {
        if (this != NONE && !"qcow2".equals(format)) {
            throw StorageErrors.error(ErrorCode.CONFIG_UNSUPPORTED, "metadata preallocation only available with qcow2");
        }
    }

    private static long kib(long bytes) {
        return (bytes + 1023) / 1024;
    }
}
