package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuArgv.unsupported;

import io.virtkit.model.domain.ControllerDevice;
import io.virtkit.model.domain.ControllerSettings;
import java.util.List;
import java.util.Set;

/**
 * What of a {@code <controller>} the QEMU driver refuses at start: types and models it does not build, and
 * settings it does not pass on yet (driver tuning, PCI targets beyond the defaults, expander buses, the 64-bit
 * hole). USB controllers run as {@link QemuUsbControllerArgs} builds them.
 */
final class QemuControllerSupport {

    /** Controller types the driver builds or that the machine has built in. */
    private static final Set<String> TYPES = Set.of("pci", "ide", "sata", "scsi", "virtio-serial", "usb", "fdc");

    private QemuControllerSupport() {
    }

    static void check(QemuArgv a) {
        List<ControllerDevice> controllers = a.def.devices().controllers();
        for (ControllerDevice c : controllers) {
            if (!TYPES.contains(c.type())) {
                throw unsupported("controller type '" + c.type() + "' is not supported by the QEMU driver");
            }
            if (c.type().equals("fdc") && (a.q35 || c.index() > 0)) {
                throw unsupported("floppy controllers are supported by the QEMU driver only as pc's built-in one");
            }
            if (c.type().equals("usb")) {
                checkUsb(a, c, controllers);
            } else if (c.settings().ports() != null && !c.type().equals("virtio-serial")) {
                throw unsupported("'ports' is supported only for USB and virtio-serial controllers");
            }
            checkSettings(c, c.settings());
        }
    }

    private static void checkUsb(QemuArgv a, ControllerDevice c, List<ControllerDevice> controllers) {
        String model = QemuUsbControllerArgs.modelOf(c, a.q35);
        if (!model.equals("none") && !QemuUsbControllerArgs.DEVICES.containsKey(model)) {
            throw unsupported("USB controller model '" + model + "' is not supported by the QEMU driver");
        }
        Integer ports = c.settings().ports();
        if (ports != null && !model.endsWith("xhci")) {
            throw unsupported("usb controller type " + model + " doesn't support 'ports' with this QEMU binary");
        }
        if (ports != null && ports > 15) {
            throw unsupported("'" + model + "' controller only supports up to '15' ports");
        }
        if (QemuUsbControllerArgs.isCompanion(model) && controllers.stream().noneMatch(m -> m.type().equals("usb")
                && m.index() == c.index() && QemuUsbControllerArgs.modelOf(m, a.q35).equals("ich9-ehci1"))) {
            throw unsupported("USB companion controller '" + model + "' needs an 'ich9-ehci1' master of index "
                    + c.index());
        }
        if (c.settings().masterStartPort() != null && !QemuUsbControllerArgs.isCompanion(model)) {
            throw unsupported("<master> applies only to USB companion controllers");
        }
    }

    private static void checkSettings(ControllerDevice c, ControllerSettings s) {
        String what = "controller '" + c.type() + "' index " + c.index();
        if (s.hasDriver()) {
            throw unsupported("driver settings of " + what + " are not supported by the QEMU driver");
        }
        if (s.vectors() != null || s.maxGrantFrames() != null || s.maxEventChannels() != null) {
            throw unsupported("vectors, maxGrantFrames and maxEventChannels of " + what
                    + " are not supported by the QEMU driver");
        }
        if (s.pciHole64KiB() != null) {
            throw unsupported("pcihole64 of " + what + " is not supported by the QEMU driver");
        }
        if (s.modelName() != null && !s.modelName().equals(c.model())) {
            throw unsupported("PCI controller model name '" + s.modelName() + "' of " + what
                    + " is not supported by the QEMU driver");
        }
        if (s.hasTarget() && !(s.numaNode() == null && s.busNr() == null && s.targetIndex() == null
                && s.hotplug() == null && s.memReserve() == null && defaultTarget(c, s))) {
            throw unsupported("the PCI target of " + what + " is not supported by the QEMU driver");
        }
    }

    /** Whether the target only repeats what the command line gives the controller anyway. */
    private static boolean defaultTarget(ControllerDevice c, ControllerSettings s) {
        boolean chassisNr = s.chassisNr() == null || s.chassisNr() == c.index();
        boolean chassis = s.chassis() == null || s.chassis() == c.index();
        boolean port = s.port() == null || s.port() == 0x10 + c.index();
        return chassisNr && chassis && port;
    }
}
