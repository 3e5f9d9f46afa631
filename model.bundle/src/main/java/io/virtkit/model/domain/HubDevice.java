package io.virtkit.model.domain;

import java.util.Objects;

/**
 * A {@code <hub>}: a hub on the guest's USB bus, giving it more ports.
 *
 * @param type the hub type ({@code usb})
 * @param info alias and address ({@link DeviceInfo#NONE} when unassigned)
 */
public record HubDevice(String type, DeviceInfo info) {

    public HubDevice {
        Objects.requireNonNull(type, "type");
        info = DeviceInfo.orNone(info);
    }

    /** The alias, or {@code null}. */
    public String alias() {
        return info.alias();
    }
}
