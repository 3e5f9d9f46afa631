package io.virtkit.model.domain;

import java.util.Objects;

/**
 * The {@code <memballoon>}: the guest's memory balloon.
 *
 * @param model             {@code virtio} (and its transitional forms), {@code xen} or {@code none}
 * @param autodeflate       {@code on}/{@code off}, or {@code null}
 * @param freePageReporting {@code on}/{@code off}, or {@code null}
 * @param statsPeriod       seconds between statistics updates ({@code <stats period>}), or {@code null}
 * @param info              alias and address
 * @param virtio            the virtio options of its {@code <driver>} ({@link VirtioOptions#NONE}: none)
 */
public record MemballoonDevice(String model, String autodeflate, String freePageReporting, Integer statsPeriod,
        DeviceInfo info, VirtioOptions virtio) {

    public MemballoonDevice {
        Objects.requireNonNull(model, "model");
        info = DeviceInfo.orNone(info);
        virtio = virtio == null ? VirtioOptions.NONE : virtio;
    }

    /** A balloon without virtio options. */
    public MemballoonDevice(String model, String autodeflate, String freePageReporting, Integer statsPeriod,
            DeviceInfo info) {
        this(model, autodeflate, freePageReporting, statsPeriod, info, VirtioOptions.NONE);
    }

    /** A copy with another alias and address. */
    public MemballoonDevice withInfo(DeviceInfo newInfo) {
        return new MemballoonDevice(model, autodeflate, freePageReporting, statsPeriod, newInfo, virtio);
    }
}
