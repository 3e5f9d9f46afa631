package io.virtkit.qemu.internal.command;

import java.util.List;

import io.virtkit.model.domain.ControllerDevice;
import io.virtkit.model.domain.DomainDevices;
import io.virtkit.model.domain.InputDevice;

/**
 * Input devices: USB ({@code usb-tablet}, {@code usb-mouse}, {@code usb-kbd}) on the first USB controller,
 * virtio ({@code virtio-tablet-pci} …) at a PCI slot; a PS/2 mouse or keyboard is the machine's own i8042
 * and needs no option, as libvirt passes none.
 */
final class QemuInputArgs {

    private QemuInputArgs() {
    }

    /** The bus, or libvirt's default on x86: USB for a tablet, PS/2 for a mouse or keyboard. */
    static String busOf(InputDevice i) {
        return i.bus() != null ? i.bus() : i.type().equals("tablet") ? "usb" : "ps2";
    }

    /** The QEMU bus of the first USB controller ({@code usb.0}), or {@code null} without one. */
    static String usbBus(DomainDevices dev) {
        for (ControllerDevice c : dev.controllers()) {
            if (c.type().equals("usb") && c.index() == 0 && !"none".equals(c.model())) {
                return (c.alias() != null ? QemuArgv.escape(c.alias()) : "usb") + ".0";
            }
        }
        return null;
    }

    static void add(QemuArgv a) {
        List<InputDevice> inputs = a.def.devices().inputs();
        for (int n = 0; n < inputs.size(); n++) {
            InputDevice i = inputs.get(n);
            String id = i.alias() != null ? QemuArgv.escape(i.alias()) : "input" + n;
            String kind = switch (i.type()) {
                case "tablet" -> "tablet";
                case "mouse" -> "mouse";
                default -> "keyboard";
            };
            switch (busOf(i)) {
                case "usb" -> a.add("-device", "usb-" + (kind.equals("keyboard") ? "kbd" : kind) + ",id=" + id
                        + ",bus=" + usbBus(a.def.devices()));
                case "virtio" -> {
                    StringBuilder dev = new StringBuilder("virtio-").append(kind).append("-pci,id=").append(id);
                    QemuVideoArgs.virtio(dev, i.virtio());
                    a.add("-device", dev.append(a.slots.of(i.info(), a)).toString());
                }
                default -> {
                    // ps2: the i8042 of the machine
                }
            }
        }
    }
}
