package io.virtkit.qemu.internal;

import java.util.HashSet;
import java.util.Set;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.ControllerDevice;
import io.virtkit.model.domain.DeviceAddress;
import io.virtkit.model.domain.DomainDefinition;

/**
 * Where a NIC hot-plugged into a running domain goes: a free slot of the running domain's hotplug buses
 * (pc: its {@code pci-bridge}s, slots 1–31; q35: an empty {@code pcie-root-port}, slot 0), read from the
 * live definition's addresses. QEMU's query-pci cannot be asked instead: it does not see behind a bridge
 * the firmware has not numbered yet (a guest still at -S).
 */
final class QemuHotplugSlots {

    private QemuHotplugSlots() {
    }

    /**
     * The address for a NIC added to {@code live}: {@code asked} (the user's) when given, which must be a free
     * hotplug slot; else {@code preferred} (its persistent twin's) when free; else the first free one; null
     * when there is none.
     *
     * @throws VirtException XML_ERROR when the address asked for is taken or on no hotplug bus, CONFIG_UNSUPPORTED
     *                       when it is not a PCI address (or carries zPCI identifiers)
     */
    static DeviceAddress.Pci choose(DomainDefinition live, DeviceAddress asked, DeviceAddress preferred) {
        boolean zpci = asked instanceof DeviceAddress.Pci z && z.zpci() != null;
        if (asked != null && !(asked instanceof DeviceAddress.Pci) || zpci) {
            // a hot-plugged NIC is a PCI device: any other place would be lost, as would zPCI identifiers
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU, "address type '" + asked.type()
                    + (zpci ? "' with zPCI" : "'") + " is not supported by the QEMU driver for a hot-plugged "
                    + "interface");
        }
        Set<String> taken = taken(live);
        if (asked instanceof DeviceAddress.Pci p && !p.isEmpty()) {
            if (taken.contains(p.toString())) {
                throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN,
                        "Attempted double use of PCI Address " + p);
            }
            if (!hotplugSlot(live, p)) {
                throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.QEMU, "PCI address " + p
                        + " is not on a bus of the running domain that takes a hot-plugged device");
            }
            return p;
        }
        if (preferred instanceof DeviceAddress.Pci p && hotplugSlot(live, p) && !taken.contains(p.toString())) {
            return p;
        }
        for (ControllerDevice c : live.devices().controllers()) {
            for (int slot = 0; slot <= 0x1f; slot++) {
                DeviceAddress.Pci p = DeviceAddress.Pci.of(c.index(), slot, 0);
                if (c.type().equals("pci") && hotplugSlot(live, p) && !taken.contains(p.toString())) {
                    return p;
                }
            }
        }
        return null;
    }

    private static boolean hotplugSlot(DomainDefinition live, DeviceAddress.Pci p) {
        for (ControllerDevice c : live.devices().controllers()) {
            if (c.type().equals("pci") && c.index() == p.bus() && p.domain() == 0 && p.function() == 0) {
                return "pci-bridge".equals(c.model()) ? p.slot() >= 1
                        : "pcie-root-port".equals(c.model()) && p.slot() == 0;
            }
        }
        return false;
    }

    private static Set<String> taken(DomainDefinition live) {
        Set<String> taken = new HashSet<>();
        live.devices().interfaces().forEach(i -> add(taken, i.address()));
        live.devices().disks().forEach(i -> add(taken, i.address()));
        live.devices().controllers().forEach(i -> add(taken, i.address()));
        live.devices().serials().forEach(i -> add(taken, i.address()));
        return taken;
    }

    private static void add(Set<String> taken, DeviceAddress address) {
        if (address instanceof DeviceAddress.Pci p && !p.isEmpty()) {
            taken.add(p.toString());
        }
    }
}
