package io.virtkit.model.domain;

import java.util.Objects;

/**
 * The {@code <iommu>}: the guest's IOMMU.
 *
 * @param model       {@code intel}, {@code smmuv3} or {@code virtio}
 * @param intremap    {@code <driver intremap>} ({@code on}/{@code off}), or {@code null}
 * @param cachingMode {@code <driver caching_mode>}, or {@code null}
 * @param eim         {@code <driver eim>}, or {@code null}
 * @param iotlb       {@code <driver iotlb>}, or {@code null}
 * @param awBits      {@code <driver aw_bits>}, or {@code null}
 * @param info        alias and address
 */
public record IommuDevice(String model, String intremap, String cachingMode, String eim, String iotlb,
        Integer awBits, DeviceInfo info) {

    public IommuDevice {
        Objects.requireNonNull(model, "model");
        info = DeviceInfo.orNone(info);
    }

    /** A copy with another alias and address. */
    public IommuDevice withInfo(DeviceInfo newInfo) {
        return new IommuDevice(model, intremap, cachingMode, eim, iotlb, awBits, newInfo);
    }
}
