package io.virtkit.model.domain;

import java.util.Objects;

/**
 * A {@code <memory>} device: memory plugged beside the guest's base memory (a DIMM, an NVDIMM, virtio-pmem,
 * virtio-mem or SGX EPC).
 *
 * @param model {@code dimm}, {@code nvdimm}, {@code virtio-pmem}, {@code virtio-mem} or {@code sgx-epc}
 * @param access {@code shared} or {@code private}, or {@code null}
 * @param discard {@code yes}/{@code no}, or {@code null}
 * @param uuid an NVDIMM's {@code <uuid>}, or {@code null}
 * @param pagesizeKiB {@code <source><pagesize>} in KiB, or {@code null}
 * @param nodemask {@code <source><nodemask>}, or {@code null}
 * @param path {@code <source><path>}: the backing file of an NVDIMM or virtio-pmem, or {@code null}
 * @param alignsizeKiB {@code <source><alignsize>} in KiB, or {@code null}
 * @param pmem whether {@code <source><pmem/>} is given
 * @param sizeKiB {@code <target><size>} in KiB, or {@code null}
 * @param node {@code <target><node>}, or {@code null}
 * @param labelSizeKiB an NVDIMM's {@code <target><label><size>} in KiB, or {@code null}
 * @param readonly whether {@code <target><readonly/>} is given
 * @param blockKiB virtio-mem's {@code <target><block>} in KiB, or {@code null}
 * @param requestedKiB virtio-mem's {@code <target><requested>} in KiB, or {@code null}
 * @param currentKiB virtio-mem's {@code <target><current>} in KiB (live only), or {@code null}
 * @param info alias and address
 */
public record MemoryDevice(String model,
        String access,
        String discard,
        String uuid,
        Long pagesizeKiB,
        String nodemask,
        String path,
        Long alignsizeKiB,
        boolean pmem,
        Long sizeKiB,
        Integer node,
        Long labelSizeKiB,
        boolean readonly,
        Long blockKiB,
        Long requestedKiB,
        Long currentKiB,
        DeviceInfo info) {

    public MemoryDevice {
        Objects.requireNonNull(model, "model");
        info = DeviceInfo.orNone(info);
    }

    /** A copy with another alias and address. */
    public MemoryDevice withInfo(DeviceInfo newInfo) {
        return new MemoryDevice(model, access, discard, uuid, pagesizeKiB, nodemask, path, alignsizeKiB, pmem, sizeKiB, node, labelSizeKiB, readonly, blockKiB, requestedKiB, currentKiB, newInfo);
    }

    /** A builder with no values. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link MemoryDevice} one component at a time; {@link #build()} checks it as the constructor. */
    public static final class Builder {
        private String model;
        private String access;
        private String discard;
        private String uuid;
        private Long pagesizeKiB;
        private String nodemask;
        private String path;
        private Long alignsizeKiB;
        private boolean pmem;
        private Long sizeKiB;
        private Integer node;
        private Long labelSizeKiB;
        private boolean readonly;
        private Long blockKiB;
        private Long requestedKiB;
        private Long currentKiB;
        private DeviceInfo info = DeviceInfo.NONE;

        private Builder() {
        }

        public Builder model(String value) {
            this.model = value;
            return this;
        }

        public Builder access(String value) {
            this.access = value;
            return this;
        }

        public Builder discard(String value) {
            this.discard = value;
            return this;
        }

        public Builder uuid(String value) {
            this.uuid = value;
            return this;
        }

        public Builder pagesizeKiB(Long value) {
            this.pagesizeKiB = value;
            return this;
        }

        public Builder nodemask(String value) {
            this.nodemask = value;
            return this;
        }

        public Builder path(String value) {
            this.path = value;
            return this;
        }

        public Builder alignsizeKiB(Long value) {
            this.alignsizeKiB = value;
            return this;
        }

        public Builder pmem(boolean value) {
            this.pmem = value;
            return this;
        }

        public Builder sizeKiB(Long value) {
            this.sizeKiB = value;
            return this;
        }

        public Builder node(Integer value) {
            this.node = value;
            return this;
        }

        public Builder labelSizeKiB(Long value) {
            this.labelSizeKiB = value;
            return this;
        }

        public Builder readonly(boolean value) {
            this.readonly = value;
            return this;
        }

        public Builder blockKiB(Long value) {
            this.blockKiB = value;
            return this;
        }

        public Builder requestedKiB(Long value) {
            this.requestedKiB = value;
            return this;
        }

        public Builder currentKiB(Long value) {
            this.currentKiB = value;
            return this;
        }

        public Builder info(DeviceInfo value) {
            this.info = value;
            return this;
        }

        public MemoryDevice build() {
            return new MemoryDevice(model, access, discard, uuid, pagesizeKiB, nodemask, path, alignsizeKiB, pmem, sizeKiB, node, labelSizeKiB, readonly, blockKiB, requestedKiB, currentKiB, info);
        }
    }
}
