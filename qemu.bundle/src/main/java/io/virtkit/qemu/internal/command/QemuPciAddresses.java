package io.virtkit.qemu.internal.command;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DeviceAddress;
import io.virtkit.model.domain.DeviceInfo;
import io.virtkit.model.domain.DiskDevice;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainDevices;
import io.virtkit.model.domain.InterfaceDevice;

/**
 * PCI addresses of the devices on the guest's root bus (libvirt's {@code qemuDomainAssignAddresses}), so
 * each keeps its slot across every start and QEMU upgrade.
 *
 * <p>Which devices: virtio disks and the NICs on the command line (type user) get a slot on bus 0 at define
 * ({@link #assign}), kept in the persistent definition; an address the user gave is kept. NICs with a TAP
 * (network, bridge, ethernet) are left unaddressed: they are added over QMP once QEMU runs, which is a
 * hotplug, and pc's root bus takes none without ACPI, so they go on the start-time bridge or root ports
 * ({@link QemuCommandLine#TAP_BRIDGE}) where this driver places them itself.
 *
 * <p>The slots: 0 is the host bridge; on pc 1 is the PIIX3 (ISA, IDE, USB, ACPI) and 2 is kept for the
 * VGA, as libvirt keeps it; on q35 0x1f is the ICH9 and 1 is kept for the VGA. Devices this driver adds
 * without an address in the definition (controllers, the TAP bridge or root ports, pci-serial, VGA) get
 * the free slots left at each start ({@link Slots}), so QEMU never places one where an addressed device
 * goes later on its command line.
 */
public final class QemuPciAddresses {

    private QemuPciAddresses() {
    }

    /**
     * {@code def} with a PCI slot for each virtio disk and command-line NIC that has none (or the empty
     * {@code <address type='pci'/>}), after checking the addresses given.
     *
     * @throws VirtException XML_ERROR for an address used twice or on a bus this driver has not
     */
    public static DomainDefinition assign(DomainDefinition def) {
        boolean q35 = QemuCommandLine.isQ35(def.os().machine());
        Set<Integer> taken = checkGiven(def);
        DomainDevices dev = def.devices();
        List<DiskDevice> disks = new ArrayList<>(dev.disks());
        List<InterfaceDevice> nics = new ArrayList<>(dev.interfaces());
        boolean changed = false;
        for (int n = 0; n < disks.size(); n++) {
            DiskDevice disk = disks.get(n);
            int slot = onRootBus(disk) && unaddressed(disk.info()) ? next(taken, q35) : -1;
            if (slot >= 0) {
                disks.set(n, disk.withInfo(disk.info().withAddress(DeviceAddress.Pci.of(0, slot, 0))));
                changed = true;
            }
        }
        for (int n = 0; n < nics.size(); n++) {
            InterfaceDevice nic = nics.get(n);
            int slot = onRootBus(nic) && unaddressed(nic.info()) ? next(taken, q35) : -1;
            if (slot >= 0) {
                nics.set(n, nic.withInfo(nic.info().withAddress(DeviceAddress.Pci.of(0, slot, 0))));
                changed = true;
            }
        }
        if (!changed) {
            return def;
        }
        return def.withDevices(new DomainDevices(dev.emulator(), disks, dev.filesystems(), nics, dev.serials(),
                dev.consoles(), dev.graphics()));
    }

    /** Whether this driver puts {@code disk} on the root bus by PCI address: a virtio disk. */
    static boolean onRootBus(DiskDevice disk) {
        String bus = disk.targetBus() != null ? disk.targetBus() : disk.targetDev().startsWith("vd") ? "virtio" : null;
        return "virtio".equals(bus);
    }

    /** Whether this driver puts {@code nic} on the root bus by PCI address: a NIC on the command line. */
    static boolean onRootBus(InterfaceDevice nic) {
        return !QemuCommandLine.isTap(nic);
    }

    private static boolean unaddressed(DeviceInfo info) {
        return info.address() == null || info.address() instanceof DeviceAddress.Pci p && p.isEmpty();
    }

    /** The given PCI addresses, each used once and on bus 0; returns the slots they take. */
    private static Set<Integer> checkGiven(DomainDefinition def) {
        Set<String> seen = new HashSet<>();
        Set<Integer> slots = new TreeSet<>();
        List<DeviceInfo> infos = new ArrayList<>();
        def.devices().disks().forEach(d -> infos.add(d.info()));
        def.devices().interfaces().forEach(i -> infos.add(i.info()));
        def.devices().filesystems().forEach(f -> infos.add(f.info()));
        for (DeviceInfo info : infos) {
            if (info.address() instanceof DeviceAddress.Pci p && !p.isEmpty()) {
                if (p.domain() != 0 || p.bus() != 0) {
                    throw xmlError("Invalid PCI address " + p + ". Only PCI buses up to 0 are available");
                }
                if (!seen.add(p.toString())) {
                    throw xmlError("Attempted double use of PCI Address " + p);
                }
                slots.add(p.slot());
            }
        }
        return slots;
    }

    /**
     * The lowest free slot for a device of the definition, marked taken; -1 when the root bus is full. A
     * device past the last slot stays unaddressed (this driver adds no bridges for it): such a definition
     * may still be defined, and QEMU refuses it at start in its own words, as before addresses existed.
     */
    private static int next(Set<Integer> taken, boolean q35) {
        return take(taken, q35, q35 ? 2 : 3);
    }

    private static int take(Set<Integer> taken, boolean q35, int from) {
        for (int slot = from; slot <= 0x1f; slot++) {
            if (!(q35 && slot == 0x1f) && taken.add(slot)) {
                return slot;
            }
        }
        return -1;
    }

    private static VirtException xmlError(String detail) {
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, detail);
    }

    /**
     * The root-bus slots of one command line. Once any device has an address of its own, every other PCI
     * device on the root bus gets an explicit free slot too: QEMU places an unaddressed device in the lowest
     * free slot when it creates it, which could be the slot of an addressed device created after it. A
     * definition without addresses (one defined before addresses were assigned, or domxml-to-native input)
     * leaves all slots to QEMU, as before.
     */
    static final class Slots {
        private final boolean q35;
        private final Set<Integer> taken = new TreeSet<>();
        private final boolean explicit;

        Slots(DomainDefinition def, String machine) {
            this.q35 = QemuCommandLine.isQ35(machine);
            for (DiskDevice d : def.devices().disks()) {
                if (onRootBus(d)) {
                    slotOf(d.info()).ifPresent(taken::add);
                }
            }
            for (InterfaceDevice i : def.devices().interfaces()) {
                if (onRootBus(i)) {
                    slotOf(i.info()).ifPresent(taken::add);
                }
            }
            explicit = !taken.isEmpty();
        }

        private static java.util.Optional<Integer> slotOf(DeviceInfo info) {
            return info.address() instanceof DeviceAddress.Pci p && !p.isEmpty()
                    ? java.util.Optional.of(p.slot()) : java.util.Optional.empty();
        }

        private String rootBus() {
            return q35 ? "pcie.0" : "pci.0";
        }

        /** {@code ,bus=…,addr=…} for a device placed by its definition's address, or as {@link #next()}. */
        String of(DeviceInfo info) {
            if (info.address() instanceof DeviceAddress.Pci p && !p.isEmpty()) {
                String addr = ",bus=" + rootBus() + ",addr=0x" + Integer.toHexString(p.slot())
                        + (p.function() == 0 ? "" : ".0x" + Integer.toHexString(p.function()));
                return addr + (Boolean.TRUE.equals(p.multifunction()) ? ",multifunction=on" : "");
            }
            String addr = next();
            return addr.isEmpty() ? "" : ",bus=" + rootBus() + addr;
        }

        /**
         * {@code ,addr=…} of the lowest free slot (kept free of the VGA's), or nothing when QEMU chooses (no
         * device has an address, or the root bus is full: QEMU then says so).
         */
        String next() {
            int slot = explicit ? take(taken, q35, q35 ? 2 : 3) : -1;
            return slot < 0 ? "" : ",addr=0x" + Integer.toHexString(slot);
        }

        /** {@code ,bus=…,addr=…} for the VGA: its kept slot when free, or nothing when QEMU chooses. */
        String vga() {
            int slot = explicit ? take(taken, q35, q35 ? 1 : 2) : -1;
            return slot < 0 ? "" : ",bus=" + rootBus() + ",addr=0x" + Integer.toHexString(slot);
        }
    }
}
