package io.virtkit.qemu.internal.command;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.domain.ControllerDevice;
import io.virtkit.model.domain.DeviceAddress;
import io.virtkit.model.domain.DeviceInfo;
import io.virtkit.model.domain.DiskDevice;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainDevices;
import io.virtkit.model.domain.InterfaceDevice;

/**
 * PCI addresses of every PCI device (libvirt's {@code qemuDomainAssignPCIAddresses}), so each keeps its place
 * across every start and QEMU upgrade, and the PCI controllers they need.
 *
 * <p>Which bus: NICs with a TAP (network, bridge, ethernet) are added over QMP once QEMU runs, which is a
 * hotplug, and pc's root bus takes none without ACPI, q35's none at all: on pc they go behind a
 * {@code pci-bridge} controller (slots 1–31; another bridge when one is full), on q35 each on a
 * {@code pcie-root-port} of its own (slot 0), as libvirt places hot-pluggable devices. Every other PCI device
 * (virtio disks, command-line NICs, the SCSI and pc's SATA controller, bridges and root ports, pci-serial)
 * goes on the root bus, in that order, so definitions addressed before bridges existed keep their slots.
 *
 * <p>The root bus: 0 is the host bridge; on pc 1 is the PIIX3 (its IDE at 1.1) and 2 is kept for the VGA, as
 * libvirt keeps it; on q35 0x1f is the ICH9 (its AHCI at 1f.2) and 1 is kept for the VGA. What has no address
 * at start (the VGA, or everything in a definition never addressed) gets the free slots left ({@link Slots}).
 */
public final class QemuPciAddresses {

    /** Controllers in libvirt's order: PCI first (by index, so buses exist before what sits on them). */
    static final Comparator<ControllerDevice> CONTROLLER_ORDER = Comparator
            .comparingInt((ControllerDevice c) -> List.of("pci", "ide", "sata", "scsi", "virtio-serial")
                    .indexOf(c.type()) & 0xff)
            .thenComparing(ControllerDevice::type).thenComparingInt(ControllerDevice::index);

    /** The highest bus a definition's addresses may bring a controller for (one bridge per slot of the root). */
    private static final int MAX_ADDED_BUSES = 0x1f;

    private QemuPciAddresses() {
    }

    /**
     * {@code def} with a PCI address for each PCI device that has none (or the empty {@code <address
     * type='pci'/>}) and the root, bridge and root-port controllers they need, after checking the addresses
     * given.
     *
     * @throws VirtException XML_ERROR for an address used twice or on a bus the definition has not
     */
    public static DomainDefinition assign(DomainDefinition def) {
        boolean q35 = QemuMachineBuses.isQ35(def.os().machine());
        DomainDevices dev = def.devices();
        List<ControllerDevice> ctrls = new ArrayList<>(dev.controllers());
        if (QemuMachineBuses.pciController(def, 0) == null) {
            ctrls.add(new ControllerDevice("pci", 0, q35 ? "pcie-root" : "pci-root", DeviceInfo.NONE));
        }
        addReferencedBuses(dev, ctrls, q35);
        Bus bus = new Bus(q35);
        bus.checkGiven(dev, ctrls);
        List<InterfaceDevice> nics = new ArrayList<>(dev.interfaces());
        for (int n = 0; n < nics.size(); n++) {
            InterfaceDevice nic = nics.get(n);
            if (QemuNicArgs.isTap(nic) && unaddressed(nic.info())) {
                nics.set(n, nic.withInfo(nic.info().withAddress(bus.hotplugSlot(ctrls))));
            }
        }
        List<DiskDevice> disks = new ArrayList<>(dev.disks());
        disks.replaceAll(d -> onRootBus(d) ? d.withInfo(bus.rootSlot(d.info())) : d);
        nics.replaceAll(i -> QemuNicArgs.isTap(i) ? i : i.withInfo(bus.rootSlot(i.info())));
        ctrls.sort(CONTROLLER_ORDER);
        ctrls.replaceAll(c -> c.withInfo(bus.controllerSlot(c)));
        List<CharDevice> serials = new ArrayList<>(dev.serials());
        serials.replaceAll(s -> "pci-serial".equals(s.targetType()) ? s.withInfo(bus.rootSlot(s.info())) : s);
        List<CharDevice> consoles = new ArrayList<>(dev.consoles());
        if (!consoles.isEmpty() && !serials.isEmpty() && "serial".equals(consoles.get(0).targetType())) {
            consoles.set(0, consoles.get(0).withInfo(serials.get(0).info())); // the first console is serial 0
        }
        DomainDevices out = dev.toBuilder().disks(disks).interfaces(nics).controllers(ctrls).serials(serials)
                .consoles(consoles).auxiliary(QemuAuxiliaryDevices.withPciSlots(dev.auxiliary(), bus::rootSlot))
                .build();
        return out.equals(dev) ? def : def.withDevices(out);
    }

    /**
     * As libvirt: a bus a device's address names gets its controller (a bridge on pc, a root port on q35)
     * when the definition has none, with every missing index below it, so that buses are numbered densely.
     */
    private static void addReferencedBuses(DomainDevices dev, List<ControllerDevice> ctrls, boolean q35) {
        List<DeviceAddress> given = new ArrayList<>();
        dev.disks().forEach(x -> given.add(x.address()));
        dev.interfaces().forEach(x -> given.add(x.address()));
        dev.serials().forEach(x -> given.add(x.address()));
        dev.auxiliary().infos().forEach(x -> given.add(x.address()));
        ctrls.forEach(x -> given.add(x.address()));
        int max = given.stream().filter(a -> a instanceof DeviceAddress.Pci p && p.domain() == 0)
                .mapToInt(a -> ((DeviceAddress.Pci) a).bus()).max().orElse(0);
        for (int index = 1; index <= Math.min(max, MAX_ADDED_BUSES); index++) {
            int i = index;
            if (ctrls.stream().noneMatch(c -> c.type().equals("pci") && c.index() == i)) {
                ctrls.add(new ControllerDevice("pci", index,
                        q35 ? QemuMachineBuses.PCIE_ROOT_PORT : QemuMachineBuses.PCI_BRIDGE, DeviceInfo.NONE));
            }
        }
    }

    /** Whether this driver puts {@code disk} on a PCI slot of its own: a virtio disk. */
    static boolean onRootBus(DiskDevice disk) {
        return "virtio".equals(QemuDriveAddresses.busOf(disk));
    }

    private static boolean unaddressed(DeviceInfo info) {
        // an empty address with zPCI identifiers is left as given, for the start to refuse (not lose) them
        return info.address() == null || info.address() instanceof DeviceAddress.Pci p && p.isEmpty() && p.zpci() == null;
    }

    private static VirtException xmlError(String detail) {
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, detail);
    }

    /** The PCI buses of one assignment and the slots taken on them. */
    private static final class Bus {
        private final boolean q35;
        private final Set<String> takenSlots = new HashSet<>();
        private final Set<String> takenFunctions = new HashSet<>();

        Bus(boolean q35) {
            this.q35 = q35;
        }

        private static <T> void each(List<T> devices, Function<T, DeviceInfo> info, List<DeviceInfo> out) {
            devices.forEach(d -> out.add(info.apply(d)));
        }

        /** The given addresses: each used once, on a bus there is, in a slot that bus has. */
        void checkGiven(DomainDevices dev, List<ControllerDevice> ctrls) {
            List<DeviceInfo> infos = new ArrayList<>();
            each(dev.disks(), DiskDevice::info, infos);
            each(dev.interfaces(), InterfaceDevice::info, infos);
            each(dev.filesystems(), f -> f.info(), infos);
            each(ctrls, ControllerDevice::info, infos);
            each(dev.serials(), CharDevice::info, infos);
            infos.addAll(dev.auxiliary().infos());
            int maxBus = ctrls.stream().filter(c -> c.type().equals("pci")).mapToInt(ControllerDevice::index).max()
                    .orElse(0);
            for (DeviceInfo info : infos) {
                if (info.address() instanceof DeviceAddress.Pci p && !p.isEmpty()) {
                    if (p.domain() != 0 || p.bus() > maxBus || model(ctrls, p.bus()) == null) {
                        throw xmlError("Invalid PCI address " + p + ". Only PCI buses up to " + maxBus
                                + " are available");
                    }
                    String model = model(ctrls, p.bus());
                    if (model.equals(QemuMachineBuses.PCIE_ROOT_PORT) && p.slot() != 0) {
                        throw xmlError("Invalid PCI address " + p + ". slot must be <= 0");
                    }
                    if (model.equals(QemuMachineBuses.PCI_BRIDGE) && p.slot() == 0) {
                        throw xmlError("Invalid PCI address " + p + ". slot must be >= 1");
                    }
                    if (!takenFunctions.add(p.toString())) {
                        throw xmlError("Attempted double use of PCI Address " + p);
                    }
                    takenSlots.add(p.bus() + ":" + p.slot());
                }
            }
        }

        private static String model(List<ControllerDevice> ctrls, int index) {
            for (ControllerDevice c : ctrls) {
                if (c.type().equals("pci") && c.index() == index) {
                    return c.model() == null ? "" : c.model();
                }
            }
            return null;
        }

        /** A slot for a TAP NIC: on a bridge (pc) or an empty root port (q35), adding one when there is none. */
        DeviceAddress.Pci hotplugSlot(List<ControllerDevice> ctrls) {
            String model = q35 ? QemuMachineBuses.PCIE_ROOT_PORT : QemuMachineBuses.PCI_BRIDGE;
            for (ControllerDevice c : ctrls) {
                if (c.type().equals("pci") && model.equals(c.model())) {
                    for (int slot = q35 ? 0 : 1; slot <= (q35 ? 0 : 0x1f); slot++) {
                        if (takenSlots.add(c.index() + ":" + slot)) {
                            return DeviceAddress.Pci.of(c.index(), slot, 0);
                        }
                    }
                }
            }
            int index = ctrls.stream().filter(c -> c.type().equals("pci")).mapToInt(ControllerDevice::index).max()
                    .orElse(0) + 1;
            ctrls.add(new ControllerDevice("pci", index, model, DeviceInfo.NONE));
            takenSlots.add(index + ":" + (q35 ? 0 : 1));
            return DeviceAddress.Pci.of(index, q35 ? 0 : 1, 0);
        }

        /** {@code info} with the lowest free root-bus slot when it has no address (none left: unchanged). */
        DeviceInfo rootSlot(DeviceInfo info) {
            if (!unaddressed(info)) {
                return info;
            }
            int slot = take(takenSlots, q35, q35 ? 2 : 3);
            return slot < 0 ? info : info.withAddress(DeviceAddress.Pci.of(0, slot, 0));
        }

        /** A controller's address: none for the root, the built-in one for pc's IDE and q35's SATA. */
        DeviceInfo controllerSlot(ControllerDevice c) {
            if (!unaddressed(c.info())) {
                return c.info();
            }
            return switch (c.type()) {
                case "pci" -> c.index() == 0 ? c.info() : rootSlot(c.info());
                case "ide" -> q35 || c.index() != 0 ? c.info() : c.info().withAddress(DeviceAddress.Pci.of(0, 1, 1));
                case "sata" -> !q35 ? rootSlot(c.info()) : c.index() != 0 ? c.info()
                        : c.info().withAddress(DeviceAddress.Pci.of(0, 0x1f, 2));
                case "scsi", "virtio-serial" -> rootSlot(c.info());
                default -> c.info();
            };
        }
    }

    /** The lowest free slot on bus 0 from {@code from} (never q35's ICH9 slot), marked taken; -1 when full. */
    private static int take(Set<String> taken, boolean q35, int from) {
        for (int slot = from; slot <= 0x1f; slot++) {
            if (!(q35 && slot == 0x1f) && taken.add("0:" + slot)) {
                return slot;
            }
        }
        return -1;
    }

    /**
     * The root-bus slots of one command line. Once any device has an address of its own, every other PCI
     * device on the root bus gets an explicit free slot too: QEMU places an unaddressed device in the lowest
     * free slot when it creates it, which could be the slot of an addressed device created after it. A
     * definition without addresses leaves all slots to QEMU.
     */
    static final class Slots {
        private final boolean q35;
        private final Set<String> taken = new TreeSet<>();
        private final boolean explicit;

        Slots(DomainDefinition def, String machine) {
            this.q35 = QemuMachineBuses.isQ35(machine);
            DomainDevices dev = def.devices();
            List<DeviceInfo> infos = new ArrayList<>();
            dev.disks().forEach(d -> infos.add(d.info()));
            dev.interfaces().forEach(i -> infos.add(i.info()));
            dev.controllers().forEach(c -> infos.add(c.info()));
            dev.serials().forEach(s -> infos.add(s.info()));
            infos.addAll(dev.auxiliary().infos());
            dev.videos().forEach(v -> infos.add(v.info()));
            dev.sounds().forEach(s -> infos.add(s.info()));
            dev.inputs().forEach(i -> infos.add(i.info()));
            for (DeviceInfo info : infos) {
                slotOf(info).ifPresent(slot -> taken.add("0:" + slot));
            }
            explicit = !taken.isEmpty();
        }

        private static Optional<Integer> slotOf(DeviceInfo info) {
            return info.address() instanceof DeviceAddress.Pci p && !p.isEmpty() && p.bus() == 0
                    ? Optional.of(p.slot()) : Optional.empty();
        }

        private String rootBus() {
            return q35 ? "pcie.0" : "pci.0";
        }

        /**
         * {@code ,bus=…,addr=…} for a device placed by its definition's address, or as {@link #next()}, and its
         * ACPI index.
         */
        String of(DeviceInfo info, QemuArgv a) {
            String acpi = QemuAddressSupport.acpiIndex(info);
            if (info.address() instanceof DeviceAddress.Pci p && !p.isEmpty()) {
                return QemuMachineBuses.busAddr(a.pciBus(p.bus()), p) + acpi;
            }
            String addr = next();
            return (addr.isEmpty() ? "" : ",bus=" + rootBus() + addr) + acpi;
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
