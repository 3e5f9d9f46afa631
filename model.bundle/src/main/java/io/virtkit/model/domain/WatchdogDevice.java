package io.virtkit.model.domain;

import java.util.Objects;

/**
 * A {@code <watchdog>}: a hardware watchdog timer and what happens when it fires.
 *
 * @param model  {@code i6300esb}, {@code ib700}, {@code diag288} or {@code itco}
 * @param action {@code reset} (libvirt's default), {@code shutdown}, {@code poweroff}, {@code pause},
 *               {@code none}, {@code dump} or {@code inject-nmi}; {@code null} when not given
 * @param info   alias and address
 */
public record WatchdogDevice(String model, String action, DeviceInfo info) {

    public WatchdogDevice {
        Objects.requireNonNull(model, "model");
        info = DeviceInfo.orNone(info);
    }

    /** A copy with another alias and address. */
    public WatchdogDevice withInfo(DeviceInfo newInfo) {
        return new WatchdogDevice(model, action, newInfo);
    }
}
