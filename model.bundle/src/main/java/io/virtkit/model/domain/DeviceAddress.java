package io.virtkit.model.domain;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * Where a device sits on the guest's buses: libvirt's {@code <address type='…'/>}, every type libvirt 9.0's
 * schema allows: {@link Pci} (with an s390 {@link Zpci}), {@link Drive} (IDE/SATA/SCSI/floppy disks),
 * {@link VirtioSerial} (virtio consoles and channels), {@link Ccid} (smartcards), {@link Usb},
 * {@link SpaprVio} (pSeries), {@link Ccw} (s390 channel I/O), {@link Isa}, {@link VirtioMmio}, {@link Dimm}
 * (memory devices) and {@link Unassigned} (a host device kept off the guest's buses). A driver's post-parse
 * step assigns them; once assigned they never move, so a device keeps its place in the guest across restarts
 * of the domain and of Virtkit. Each driver refuses at start the types it cannot place.
 */
public sealed interface DeviceAddress
        permits DeviceAddress.Pci, DeviceAddress.Drive, DeviceAddress.VirtioSerial, DeviceAddress.Isa,
        DeviceAddress.Usb, DeviceAddress.Ccid, DeviceAddress.SpaprVio, DeviceAddress.Ccw, DeviceAddress.VirtioMmio,
        DeviceAddress.Dimm, DeviceAddress.Unassigned {

    /** The {@code type} attribute ({@code pci}, {@code drive}, {@code virtio-serial}, {@code isa} …). */
    String type();

    /**
     * A PCI address. All of domain, bus and slot 0 is libvirt's "empty" PCI address
     * ({@code <address type='pci'/>}): a request for the driver to pick a PCI slot.
     *
     * @param domain        the PCI domain, 0 to 0xFFFF
     * @param bus           the bus, 0 to 0xFF
     * @param slot          the slot, 0 to 0x1F
     * @param function      the function, 0 to 7
     * @param multifunction whether the multifunction bit is on ({@code null}: not given)
     * @param zpci          the s390 zPCI identifiers ({@code <zpci/>} inside the address), or {@code null}
     */
    record Pci(int domain, int bus, int slot, int function, Boolean multifunction, Zpci zpci)
            implements DeviceAddress {

        /** An empty PCI address: the driver picks the slot. */
        public static final Pci ANY = new Pci(0, 0, 0, 0, null);

        public Pci {
            check("domain='0x" + Integer.toHexString(domain) + "'", domain, 0xFFFF, "0xFFFF");
            check("bus='0x" + Integer.toHexString(bus) + "'", bus, 0xFF, "0xFF");
            check("slot='0x" + Integer.toHexString(slot) + "'", slot, 0x1F, "0x1F");
            check("function=0x" + Integer.toHexString(function), function, 7, "7");
        }

        /** An address without zPCI identifiers. */
        public Pci(int domain, int bus, int slot, int function, Boolean multifunction) {
            this(domain, bus, slot, function, multifunction, null);
        }

        /** A copy with other zPCI identifiers ({@code null}: none). */
        public Pci withZpci(Zpci newZpci) {
            return new Pci(domain, bus, slot, function, multifunction, newZpci);
        }

        /** An address on domain 0 without the multifunction attribute. */
        public static Pci of(int bus, int slot, int function) {
            return new Pci(0, bus, slot, function, null);
        }

        private static void check(String what, int value, int max, String maxText) {
            if (value < 0 || value > max) {
                throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN,
                        "Invalid PCI address " + what + ", must be <= " + maxText);
            }
        }

        /** Whether this is the empty address that asks the driver for a slot (as libvirt: no domain, bus, slot). */
        public boolean isEmpty() {
            return domain == 0 && bus == 0 && slot == 0;
        }

        @Override
        public String type() {
            return "pci";
        }

        /** The address as the guest and QEMU see it, {@code 0000:00:03.0}. */
        @Override
        public String toString() {
            return String.format("%04x:%02x:%02x.%x", domain, bus, slot, function);
        }
    }

    /**
     * A drive address: a disk's place on an IDE, SATA, SCSI or floppy controller.
     *
     * @param controller the controller index
     * @param bus        the bus on the controller
     * @param target     the target on the bus
     * @param unit       the unit on the target
     */
    record Drive(int controller, int bus, int target, int unit) implements DeviceAddress {
        public Drive {
            nonNegative(controller, bus, target, unit);
        }

        @Override
        public String type() {
            return "drive";
        }
    }

    /**
     * A port on a virtio-serial controller (virtio consoles and channels).
     *
     * @param controller the virtio-serial controller index
     * @param bus        the bus on the controller (always 0 with QEMU)
     * @param port       the port number
     */
    record VirtioSerial(int controller, int bus, int port) implements DeviceAddress {
        public VirtioSerial {
            nonNegative(controller, bus, port);
        }

        @Override
        public String type() {
            return "virtio-serial";
        }
    }

    /**
     * An ISA address (serial ports on x86): I/O base and IRQ, 0 when not given (libvirt writes only non-zero
     * values).
     *
     * @param iobase the I/O port base (e.g. 0x3f8), or 0
     * @param irq    the interrupt line, or 0
     */
    record Isa(int iobase, int irq) implements DeviceAddress {
        public Isa {
            nonNegative(iobase, irq);
        }

        @Override
        public String type() {
            return "isa";
        }
    }

    /**
     * A USB address: the bus (the USB controller's index) and the port path, dotted through hubs
     * ({@code 1.2}), or {@code null} when only the bus is given.
     *
     * @param bus  the USB bus
     * @param port the port path, or {@code null}
     */
    record Usb(int bus, String port) implements DeviceAddress {
        public Usb {
            nonNegative(bus);
            if (port != null && !port.matches("[0-9]+(\\.[0-9]+){0,4}")) {
                throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, "Cannot parse <address> 'port' attribute");
            }
        }

        @Override
        public String type() {
            return "usb";
        }
    }

    /**
     * The s390 zPCI identifiers of a PCI address, {@code <zpci uid='…' fid='…'/>}; libvirt reads an absent one
     * as 0 and writes both.
     *
     * @param uid the user-defined identifier, 0 to 0xFFFF
     * @param fid the function identifier, 0 to 0xFFFFFFFF
     */
    record Zpci(int uid, long fid) {
        public Zpci {
            if (uid < 0 || uid > 0xFFFF) {
                throw invalid("uid", "zpci", "0x" + Integer.toHexString(uid));
            }
            if (fid < 0 || fid > 0xFFFFFFFFL) {
                throw invalid("fid", "zpci", "0x" + Long.toHexString(fid));
            }
        }
    }

    /**
     * A slot on a CCID (smartcard) controller.
     *
     * @param controller the CCID controller index
     * @param slot       the slot on it
     */
    record Ccid(int controller, int slot) implements DeviceAddress {
        public Ccid {
            nonNegative(controller, slot);
        }

        @Override
        public String type() {
            return "ccid";
        }
    }

    /**
     * A pSeries VIO address.
     *
     * @param reg the register (unsigned, read in hex as libvirt does), or {@code null} for the driver to pick
     */
    record SpaprVio(Long reg) implements DeviceAddress {
        public SpaprVio {
            if (reg != null && reg < 0) {
                throw invalid("reg", "address", Long.toUnsignedString(reg));
            }
        }

        @Override
        public String type() {
            return "spapr-vio";
        }
    }

    /**
     * An s390 channel I/O (CCW) address, all three parts or none (the driver then picks them).
     *
     * @param cssid the channel subsystem, 0 to 0xFE, or {@code null}
     * @param ssid  the subchannel set, 0 to 3, or {@code null}
     * @param devno the device number, 0 to 0xFFFF, or {@code null}
     */
    record Ccw(Integer cssid, Integer ssid, Integer devno) implements DeviceAddress {

        /** A CCW address for the driver to complete. */
        public static final Ccw ANY = new Ccw(null, null, null);

        public Ccw {
            boolean any = cssid != null || ssid != null || devno != null;
            if (any && (cssid == null || ssid == null || devno == null)) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.DOMAIN,
                        "Invalid partial specification for virtio ccw address");
            }
            if (any && (cssid < 0 || cssid > 0xFE || ssid < 0 || ssid > 3 || devno < 0 || devno > 0xFFFF)) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.DOMAIN, String.format(
                        "Invalid specification for virtio ccw address: cssid='0x%x' ssid='0x%x' devno='0x%04x'",
                        cssid, ssid, devno));
            }
        }

        /** Whether the driver is to pick the address. */
        public boolean isEmpty() {
            return cssid == null;
        }

        @Override
        public String type() {
            return "ccw";
        }
    }

    /** A virtio-mmio address: the device sits on the machine's virtio-mmio transport, which places it. */
    record VirtioMmio() implements DeviceAddress {
        @Override
        public String type() {
            return "virtio-mmio";
        }
    }

    /**
     * A memory device's DIMM slot and guest physical base address.
     *
     * @param slot the slot
     * @param base the base address, or {@code null} (libvirt writes it only when not 0)
     */
    record Dimm(int slot, Long base) implements DeviceAddress {
        public Dimm {
            nonNegative(slot);
            if (base != null && base == 0) {
                base = null;
            }
        }

        @Override
        public String type() {
            return "dimm";
        }
    }

    /** A host device given to the domain but kept off the guest's buses ({@code type='unassigned'}). */
    record Unassigned() implements DeviceAddress {
        @Override
        public String type() {
            return "unassigned";
        }
    }

    private static VirtException invalid(String attribute, String element, String value) {
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, "Invalid value for attribute '" + attribute
                + "' in element '" + element + "': '" + value + "'. Expected non-negative integer value");
    }

    private static void nonNegative(int... values) {
        for (int v : values) {
            if (v < 0) {
                throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN,
                        "device address values must be non-negative, not " + v);
            }
        }
    }
}
