package io.virtkit.model.domain;

import java.util.Objects;

/**
 * A {@code <rng>}: a random number generator for the guest.
 *
 * @param model        the device model ({@code virtio}, {@code virtio-transitional}, {@code virtio-non-transitional})
 * @param rateBytes    {@code <rate bytes>}: how many bytes the guest may read per period, or {@code null}
 * @param ratePeriod   {@code <rate period>} in milliseconds, or {@code null}
 * @param backendModel {@code random}, {@code egd} or {@code builtin}
 * @param randomSource for {@code random}: the host file read (libvirt's default is {@code /dev/urandom}), or
 *                     {@code null}
 * @param egdSource    for {@code egd}: the character device reaching the entropy daemon, else {@code null}
 * @param info         alias and address
 * @param virtio       the virtio options of its {@code <driver>} ({@link VirtioOptions#NONE}: none)
 */
public record RngDevice(String model, Integer rateBytes, Integer ratePeriod, String backendModel,
        String randomSource, CharDevice egdSource, DeviceInfo info, VirtioOptions virtio) {

    public RngDevice {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(backendModel, "backendModel");
        info = DeviceInfo.orNone(info);
        virtio = virtio == null ? VirtioOptions.NONE : virtio;
    }

    /** An RNG without virtio options. */
    public RngDevice(String model, Integer rateBytes, Integer ratePeriod, String backendModel, String randomSource,
            CharDevice egdSource, DeviceInfo info) {
        this(model, rateBytes, ratePeriod, backendModel, randomSource, egdSource, info, VirtioOptions.NONE);
    }

    /** A copy with another alias and address. */
    public RngDevice withInfo(DeviceInfo newInfo) {
        return new RngDevice(model, rateBytes, ratePeriod, backendModel, randomSource, egdSource, newInfo, virtio);
    }
}
