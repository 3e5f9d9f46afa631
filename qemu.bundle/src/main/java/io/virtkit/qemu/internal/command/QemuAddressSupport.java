package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuArgv.unsupported;

import io.virtkit.model.domain.AuxiliaryDevices;
import io.virtkit.model.domain.ControllerDevice;
import io.virtkit.model.domain.DeviceAddress;
import io.virtkit.model.domain.DeviceInfo;
import io.virtkit.model.domain.DomainDevices;
import io.virtkit.model.domain.VideoDevice;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The device addresses and ACPI indexes this driver cannot honour, refused at start with CONFIG_UNSUPPORTED
 * naming the device, and the cheap ones it honours on the command line.
 *
 * <p>An x86 machine has no s390 channel subsystem, zPCI, pSeries VIO bus, virtio-mmio transport or CCID
 * slots here (smartcards are not run), so {@code ccw}, {@code spapr-vio}, {@code virtio-mmio}, {@code ccid}
 * and a PCI address's {@code <zpci>} are refused; so are {@code unassigned} (host devices are not run) and
 * {@code dimm} (memory devices are not run). An ISA address's I/O base and IRQ are honoured on an
 * {@code isa-serial} port and a panic device's I/O base, refused anywhere else. {@code <acpi index>} is
 * QEMU's {@code acpi-index} property of a PCI device (QEMU 6.0 and later, on pc and q35), added beside the
 * device's bus and slot ({@link #acpiIndex}); it is refused on a device this driver does not run as a PCI
 * device, above QEMU's limit, or used twice.
 */
final class QemuAddressSupport {

    /** QEMU's largest {@code acpi-index}. */
    static final int MAX_ACPI_INDEX = 16383;

    /** Controllers run as a PCI device of their own (the PCI roots and built-in IDE/SATA/FDC are not). */
    private static final Set<String> PCI_CONTROLLERS = Set.of("scsi", "virtio-serial", "usb", "pci");

    private QemuAddressSupport() {
    }

    /**
     * One device's info, with what names it in a message, whether it runs as a PCI device here and which
     * values of an ISA address it honours: 2 I/O base and IRQ, 1 the I/O base, 0 none.
     */
    private record Placed(String what, DeviceInfo info, boolean pci, int isaValues) {
    }

    static void check(QemuArgv a) {
        checkLoadParms(a.def.devices());
        Set<Integer> acpiIndexes = new HashSet<>();
        for (Placed p : placed(a.def.devices())) {
            DeviceAddress address = p.info().address();
            checkType(p, address);
            Integer acpi = p.info().acpiIndex();
            if (acpi == null) {
                continue;
            }
            if (!p.pci() || address != null && !(address instanceof DeviceAddress.Pci)) {
                throw unsupported("ACPI index of " + p.what() + " is not supported by the QEMU driver: "
                        + "only a PCI device has one");
            }
            if (acpi > MAX_ACPI_INDEX) {
                throw unsupported("ACPI index " + acpi + " of " + p.what() + " is beyond QEMU's "
                        + MAX_ACPI_INDEX);
            }
            if (!acpiIndexes.add(acpi)) {
                throw unsupported("ACPI index " + acpi + " of " + p.what() + " is used by another device");
            }
        }
    }

    /** A boot load parameter is the s390 firmware's: libvirt's wording, as for disks (QemuDiskSupport). */
    private static void checkLoadParms(DomainDevices devices) {
        boolean any = devices.interfaces().stream().anyMatch(i -> i.settings().bootLoadParm() != null)
                || devices.redirdevs().stream().anyMatch(r -> r.bootLoadParm() != null)
                || devices.hostdevs().stream().anyMatch(h -> h.bootLoadParm() != null)
                || devices.filesystems().stream().anyMatch(f -> f.bootLoadParm() != null);
        if (any) {
            throw unsupported("'loadparm' is supported only with the s390 ccw machine");
        }
    }

    private static void checkType(Placed p, DeviceAddress address) {
        if (address instanceof DeviceAddress.Pci pci && pci.zpci() != null) {
            throw unsupported("zPCI address of " + p.what() + " is not supported by the QEMU driver on this "
                    + "architecture");
        }
        if (address instanceof DeviceAddress.Ccw || address instanceof DeviceAddress.SpaprVio
                || address instanceof DeviceAddress.VirtioMmio || address instanceof DeviceAddress.Ccid
                || address instanceof DeviceAddress.Unassigned || address instanceof DeviceAddress.Dimm) {
            throw unsupported("address type '" + address.type() + "' of " + p.what()
                    + " is not supported by the QEMU driver");
        }
        if (address instanceof DeviceAddress.Isa isa && (isa.iobase() != 0 && p.isaValues() < 1
                || isa.irq() != 0 && p.isaValues() < 2)) {
            throw unsupported("ISA address " + (isa.iobase() != 0 && p.isaValues() < 1 ? "iobase" : "irq") + " of "
                    + p.what() + " is not supported by the QEMU driver");
        }
    }

    /**
     * {@code ,acpi-index=N} for a PCI device with an ACPI index, else nothing: appended to its
     * {@code -device} (or its hot-plug arguments) beside its bus and slot.
     */
    static String acpiIndex(DeviceInfo info) {
        return info.acpiIndex() == null ? "" : ",acpi-index=" + info.acpiIndex();
    }

    /** {@code ,iobase=…,irq=…} of an ISA address (only the parts given), else nothing. */
    static String isaArgs(DeviceInfo info) {
        if (!(info.address() instanceof DeviceAddress.Isa isa)) {
            return "";
        }
        return (isa.iobase() == 0 ? "" : ",iobase=0x" + Integer.toHexString(isa.iobase()))
                + (isa.irq() == 0 ? "" : ",irq=" + isa.irq());
    }

    private static List<Placed> placed(DomainDevices dev) {
        List<Placed> all = new ArrayList<>();
        dev.disks().forEach(d -> all.add(new Placed("disk '" + d.targetDev() + "'", d.info(),
                "virtio".equals(d.targetBus()), 0)));
        dev.interfaces().forEach(i -> all.add(new Placed("interface '" + i.mac() + "'", i.info(), true, 0)));
        for (ControllerDevice c : dev.controllers()) {
            boolean pci = PCI_CONTROLLERS.contains(c.type()) && !"none".equals(c.model())
                    && !"pci-root".equals(c.model()) && !"pcie-root".equals(c.model());
            all.add(new Placed("controller '" + c.type() + "' index " + c.index(), c.info(), pci, 0));
        }
        dev.filesystems().forEach(f -> all.add(new Placed("filesystem '" + f.targetDir() + "'", f.info(), false,
                0)));
        dev.serials().forEach(s -> all.add(new Placed("serial port", s.info(),
                "pci-serial".equals(s.targetType()), "isa-serial".equals(s.targetType()) || s.targetType() == null ? 2 : 0)));
        dev.consoles().forEach(c -> all.add(new Placed("console", c.info(), false, 0)));
        dev.hubs().forEach(h -> all.add(new Placed("hub", h.info(), false, 0)));
        dev.redirdevs().forEach(r -> all.add(new Placed("redirdev", r.info(), false, 0)));
        dev.hostdevs().forEach(h -> all.add(new Placed("hostdev", h.info(), false, 0)));
        dev.inputs().forEach(i -> all.add(new Placed("input '" + i.type() + "'", i.info(),
                "virtio".equals(i.bus()), 0)));
        dev.sounds().forEach(s -> all.add(new Placed("sound '" + s.model() + "'", s.info(), true, 0)));
        for (VideoDevice v : dev.videos()) {
            all.add(new Placed("video '" + v.model() + "'", v.info(), !"none".equals(v.model()), 0));
        }
        AuxiliaryDevices aux = dev.auxiliary();
        aux.parallels().forEach(p -> all.add(new Placed("parallel port", p.info(), false, 0)));
        aux.channels().forEach(c -> all.add(new Placed("channel", c.info(), false, 0)));
        aux.rngs().forEach(r -> all.add(new Placed("rng", r.info(), true, 0)));
        if (aux.memballoon() != null) {
            all.add(new Placed("memballoon", aux.memballoon().info(), aux.memballoon().model().startsWith("virtio"),
                    0));
        }
        aux.watchdogs().forEach(w -> all.add(new Placed("watchdog '" + w.model() + "'", w.info(),
                "i6300esb".equals(w.model()), 0)));
        aux.panics().forEach(p -> all.add(new Placed("panic", p.info(), false, 1)));
        aux.tpms().forEach(t -> all.add(new Placed("tpm", t.info(), false, 0)));
        aux.shmems().forEach(s -> all.add(new Placed("shmem", s.info(), false, 0)));
        aux.memories().forEach(m -> all.add(new Placed("memory", m.info(), false, 0)));
        if (aux.vsock() != null) {
            all.add(new Placed("vsock", aux.vsock().info(), false, 0));
        }
        if (aux.iommu() != null) {
            all.add(new Placed("iommu", aux.iommu().info(), false, 0));
        }
        if (aux.nvram() != null) {
            all.add(new Placed("nvram", aux.nvram(), false, 0));
        }
        return all;
    }
}
