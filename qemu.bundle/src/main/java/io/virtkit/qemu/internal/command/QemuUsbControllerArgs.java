package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuArgv.escape;

import io.virtkit.model.domain.ControllerDevice;
import java.util.Map;

/**
 * USB controllers as virt-install writes them: {@code qemu-xhci} (q35's default, with its {@code ports}), the
 * piix3/piix4 UHCI (pc's default), and the ICH9 EHCI with its UHCI companions, which join their master's bus
 * at {@code <master startport>} and take no id of their own (as libvirt runs them). The machine itself keeps
 * {@code usb=off}; model {@code none} means no USB at all.
 */
final class QemuUsbControllerArgs {

    /** libvirt's USB controller models this driver runs, to QEMU's device. */
    static final Map<String, String> DEVICES = Map.of("qemu-xhci", "qemu-xhci", "nec-xhci", "nec-usb-xhci",
            "piix3-uhci", "piix3-usb-uhci", "piix4-uhci", "piix4-usb-uhci", "ich9-ehci1", "ich9-usb-ehci1",
            "ich9-uhci1", "ich9-usb-uhci1", "ich9-uhci2", "ich9-usb-uhci2", "ich9-uhci3", "ich9-usb-uhci3");

    private QemuUsbControllerArgs() {
    }

    /** The model a controller without one gets: libvirt's default for the machine. */
    static String modelOf(ControllerDevice c, boolean q35) {
        return c.model() != null ? c.model() : q35 ? "qemu-xhci" : "piix3-uhci";
    }

    static boolean isCompanion(String model) {
        return model.startsWith("ich9-uhci");
    }

    static void add(QemuArgv a, ControllerDevice c, String id, String at) {
        String model = modelOf(c, a.q35);
        if (model.equals("none")) {
            return;
        }
        StringBuilder dev = new StringBuilder(DEVICES.get(model));
        if (isCompanion(model)) {
            String master = a.def.devices().controllers().stream()
                    .filter(m -> m.type().equals("usb") && m.index() == c.index() && !isCompanion(modelOf(m, a.q35)))
                    .map(m -> m.alias() != null ? m.alias() : QemuDeviceAliases.controllerAlias(m, a.q35))
                    .findFirst().orElseThrow();
            int firstPort = c.settings().masterStartPort() == null ? 0 : c.settings().masterStartPort();
            dev.append(",masterbus=").append(escape(master)).append(".0,firstport=").append(firstPort);
        } else {
            Integer ports = c.settings().ports();
            if (ports != null) {
                dev.append(",p2=").append(ports).append(",p3=").append(ports);
            }
            dev.append(",id=").append(id);
        }
        a.add("-device", dev.append(at).toString());
    }
}
