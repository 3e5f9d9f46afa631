package io.virtkit.qemu.internal.command;

import io.virtkit.model.domain.ControllerDevice;
import io.virtkit.model.domain.DeviceAddress;
import io.virtkit.model.domain.DomainDefinition;

/** What the machine types have built in and what QEMU calls the PCI buses, for addresses and command lines. */
final class QemuMachineBuses {

    /** The controller model of a bus the driver adds for devices hot-added over QMP on pc. */
    static final String PCI_BRIDGE = "pci-bridge";
    /** The controller model of a bus the driver adds for each such device on q35 (its root takes no hotplug). */
    static final String PCIE_ROOT_PORT = "pcie-root-port";

    private QemuMachineBuses() {
    }

    static boolean isQ35(String machine) {
        return machine != null && (machine.equals("q35") || machine.startsWith("pc-q35"));
    }

    /** The name of PCI bus {@code index} in QEMU: the root's built-in name, else its controller's alias. */
    static String pciBus(DomainDefinition def, boolean q35, int index) {
        if (index == 0) {
            return q35 ? "pcie.0" : "pci.0";
        }
        for (ControllerDevice c : def.devices().controllers()) {
            if (c.type().equals("pci") && c.index() == index && c.alias() != null) {
                return c.alias();
            }
        }
        return "pci." + index;
    }

    /** The PCI controller of bus {@code index} in {@code def}, or null. */
    static ControllerDevice pciController(DomainDefinition def, int index) {
        for (ControllerDevice c : def.devices().controllers()) {
            if (c.type().equals("pci") && c.index() == index) {
                return c;
            }
        }
        return null;
    }

    /** {@code ,bus=…,addr=…} (and multifunction) for a device at a PCI address. */
    static String busAddr(String bus, DeviceAddress.Pci p) {
        String addr = ",bus=" + bus + ",addr=0x" + Integer.toHexString(p.slot())
                + (p.function() == 0 ? "" : ".0x" + Integer.toHexString(p.function()));
        return addr + (Boolean.TRUE.equals(p.multifunction()) ? ",multifunction=on" : "");
    }
}
