package io.virtkit.model.domain;

import java.util.Objects;

/**
 * An {@code <input>} device; each optional value is {@code null} when not set.
 *
 * @param type       {@code tablet}, {@code mouse}, {@code keyboard}, {@code passthrough} or {@code evdev}
 * @param bus        {@code ps2}, {@code usb}, {@code xen} or {@code virtio}
 * @param model      the virtio model ({@code virtio}, {@code virtio-transitional},
 *                   {@code virtio-non-transitional})
 * @param evdev      a passthrough's host event device ({@code <source evdev>})
 * @param dev        an evdev input's host device ({@code <source dev>})
 * @param grab       an evdev's {@code grab} ({@code all})
 * @param grabToggle an evdev's {@code grabToggle}
 * @param repeat     an evdev's {@code repeat}
 * @param virtio     the {@code <driver>}'s virtio options
 * @param info       alias and address
 */
public record InputDevice(String type, String bus, String model, String evdev, String dev, String grab,
        String grabToggle, Boolean repeat, VirtioOptions virtio, DeviceInfo info) {

    public InputDevice {
        Objects.requireNonNull(type, "type");
        virtio = virtio == null ? VirtioOptions.NONE : virtio;
        info = DeviceInfo.orNone(info);
    }

    /** An input of this type on this bus with nothing else set. */
    public static InputDevice of(String type, String bus) {
        return new InputDevice(type, bus, null, null, null, null, null, null, null, null);
    }

    /** The alias, or {@code null}. */
    public String alias() {
        return info.alias();
    }

    /** A copy with another alias and address. */
    public InputDevice withInfo(DeviceInfo newInfo) {
        return new InputDevice(type, bus, model, evdev, dev, grab, grabToggle, repeat, virtio, newInfo);
    }
}
