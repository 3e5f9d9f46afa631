package io.virtkit.model.domain;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * Where a device sits on the guest's buses: libvirt's {@code <address type='…'/>}. The kinds modelled are
 * those libvirt writes for the devices Virtkit has: {@link Pci} (NICs, virtio disks, filesystems),
 * {@link Drive} (IDE/SATA/SCSI/floppy disks), {@link VirtioSerial} (virtio consoles) and {@link Isa}
 * (ISA serial ports). A driver's post-parse step assigns them; once assigned they never move, so a device
 * keeps its place in the guest across restarts of the domain and of Virtkit.
 */
public sealed interface DeviceAddress
        permits DeviceAddress.Pci, DeviceAddress.Drive, DeviceAddress.VirtioSerial, DeviceAddress.Isa,
        DeviceAddress.Usb {

    /** The {@code type} attribute ({@code pci}, {@code drive}, {@code virtio-serial}, {@code isa}). */
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
     */
    record Pci(int domain, int bus, int slot, int function, Boolean multifunction) implements DeviceAddress {

        /** An empty PCI address: the driver picks the slot. */
        public static final Pci ANY = new Pci(0, 0, 0, 0, null);

        public Pci {
            check("domain='0x" + Integer.toHexString(domain) + "'", domain, 0xFFFF, "0xFFFF");
            check("bus='0x" + Integer.toHexString(bus) + "'", bus, 0xFF, "0xFF");
            check("slot='0x" + Integer.toHexString(slot) + "'", slot, 0x1F, "0x1F");
            check("function=0x" + Integer.toHexString(function), function, 7, "7");
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

    private static void nonNegative(int... values) {
        for (int v : values) {
            if (v < 0) {
                throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN,
                        "device address values must be non-negative, not " + v);
            }
        }
    }
}
