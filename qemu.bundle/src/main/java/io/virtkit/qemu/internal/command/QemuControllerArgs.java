package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuArgv.escape;
import static io.virtkit.qemu.internal.command.QemuArgv.unsupported;

import io.virtkit.model.domain.ControllerDevice;

/**
 * Controllers: the PCI bridges and PCIe root ports (before everything, so the buses exist for what sits on
 * them), the SCSI and pc's SATA controller, each with its alias as the id. The root bus, pc's IDE and q35's
 * SATA are built into the machine and need no option.
 */
final class QemuControllerArgs {

    private QemuControllerArgs() {
    }

    static void add(QemuArgv a) {
        for (ControllerDevice c : a.def.devices().controllers()) {
            String id = escape(c.alias() != null ? c.alias() : QemuDeviceAliases.controllerAlias(c, a.q35));
            String at = a.slots.of(c.info(), a);
            switch (c.type()) {
                case "pci" -> pci(a, c, id, at);
                case "scsi" -> {
                    if (c.model() != null && !c.model().equals("virtio-scsi")) {
                        throw unsupported("SCSI controller model '" + c.model() + "' is not supported by the QEMU "
                                + "driver");
                    }
                    a.add("-device", "virtio-scsi-pci,id=" + id + at);
                }
                case "sata" -> {
                    if (!a.q35 || c.index() > 0) {
                        a.add("-device", "ich9-ahci,id=" + id + at);
                    }
                }
                case "virtio-serial" -> a.add("-device", "virtio-serial-pci,id=" + id + at);
                case "ide" -> {
                    if (a.q35 || c.index() > 0) {
                        throw unsupported("IDE controllers are unsupported for this QEMU binary or machine type");
                    }
                }
                case "usb" -> QemuUsbControllerArgs.add(a, c, id, at);
                default -> {
                    // fdc, ccid …: refused by QemuControllerSupport unless built into the machine
                }
            }
        }
    }

    private static void pci(QemuArgv a, ControllerDevice c, String id, String at) {
        String model = c.model() == null ? "" : c.model();
        switch (model) {
            case "pci-root", "pcie-root" -> {
                if (c.index() != 0 || model.equals("pcie-root") != a.q35) {
                    throw unsupported("PCI controller model '" + model + "' with index " + c.index()
                            + " does not fit machine type '" + a.machine + "'");
                }
            }
            case QemuMachineBuses.PCI_BRIDGE -> a.add("-device", "pci-bridge,chassis_nr=" + c.index() + ",id=" + id
                    + at);
            case QemuMachineBuses.PCIE_ROOT_PORT -> {
                if (!a.q35) {
                    throw unsupported("'pcie-root-port' controllers need a PCI Express machine type such as q35");
                }
                a.add("-device", "pcie-root-port,port=" + (0x10 + c.index()) + ",chassis=" + c.index() + ",id=" + id
                        + at);
            }
            default -> throw unsupported("PCI controller model '" + model + "' is not supported by the QEMU driver");
        }
    }
}
