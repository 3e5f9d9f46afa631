package io.virtkit.model.internal.domain;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DeviceAddress;
import io.virtkit.model.domain.DeviceInfo;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.List;

/**
 * Reads and writes a device's {@code <alias>} and {@code <address>} (libvirt's device info), for
 * every device codec that carries one ({@link DevicesXml}).
 *
 * <p>Numbers are read as libvirt reads them: PCI fields in C notation (decimal, {@code 0x} hex or
 * {@code 0} octal), drive and virtio-serial fields in decimal, ISA fields in hex with or without
 * {@code 0x}; all unsigned. PCI fields are written in hex, the others in decimal, as libvirt writes them.
 */
final class DeviceInfoXml {

    /** Address types libvirt knows but Virtkit's devices never carry. */
    private static final List<String> UNMODELLED_TYPES = List.of("ccid", "spapr-vio", "virtio-s390", "ccw",
            "virtio-mmio", "dimm", "unassigned");

    /** The keys this codec reads, relative to the device element. */
    static final List<String> MODELLED = List.of("alias@name", "address@type", "address@domain", "address@bus",
            "address@slot", "address@function", "address@multifunction", "address@controller", "address@target",
            "address@unit", "address@port", "address@iobase", "address@irq");

    private DeviceInfoXml() {
    }

    /**
     * The device info inside {@code device}. With {@code live} false (a definition) only a valid user alias
     * is kept, as libvirt's inactive parse does; with {@code live} true (a status file, a live XML) every
     * alias is.
     */
    static DeviceInfo parse(XmlCursor device, boolean live) {
        XmlCursor aliasEl = device.child("alias");
        String alias = aliasEl == null || aliasEl.attrOrEmpty("name").isEmpty() ? null : aliasEl.attrOrEmpty("name");
        if (alias != null && !live && !DeviceInfo.isValidUserAlias(alias)) {
            alias = null;
        }
        XmlCursor addressEl = device.child("address");
        DeviceAddress address = addressEl == null ? null : parseAddress(addressEl);
        return alias == null && address == null ? DeviceInfo.NONE : new DeviceInfo(alias, address);
    }

    private static DeviceAddress parseAddress(XmlCursor e) {
        if (!e.has("type")) {
            throw xmlError("Missing required attribute 'type' in element 'address'");
        }
        String type = e.attr("type");
        return switch (type) {
            case "pci" -> new DeviceAddress.Pci(number(e, "domain", 0), number(e, "bus", 0), number(e, "slot", 0),
                    number(e, "function", 0), multifunction(e));
            case "drive" -> new DeviceAddress.Drive(number(e, "controller", 10), number(e, "bus", 10),
                    number(e, "target", 10), number(e, "unit", 10));
            case "virtio-serial" -> new DeviceAddress.VirtioSerial(number(e, "controller", 10), number(e, "bus", 10),
                    number(e, "port", 10));
            case "isa" -> new DeviceAddress.Isa(number(e, "iobase", 16), number(e, "irq", 16));
            case "usb" -> new DeviceAddress.Usb(number(e, "bus", 10), e.attr("port"));
            default -> {
                if (UNMODELLED_TYPES.contains(type)) {
                    throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                            "device address type '" + type + "' is not supported");
                }
                throw xmlError("Invalid value for attribute 'type' in element 'address': '" + type + "'.");
            }
        };
    }

    private static Boolean multifunction(XmlCursor e) {
        if (!e.has("multifunction")) {
            return null;
        }
        return switch (e.attr("multifunction")) {
            case "on" -> true;
            case "off" -> false;
            default -> throw xmlError("Invalid value for attribute 'multifunction' in element 'address': '"
                    + e.attr("multifunction") + "'.");
        };
    }

    /**
     * An unsigned attribute as C's {@code strtoul} reads it in {@code base} (0: by prefix), whole string,
     * no sign; 0 when absent.
     */
    static int number(XmlCursor e, String attribute, int base) {
        if (!e.has(attribute)) {
            return 0;
        }
        String text = e.attr(attribute);
        String digits = text.stripLeading();
        int radix = base;
        if ((base == 0 || base == 16) && (digits.startsWith("0x") || digits.startsWith("0X")) && digits.length() > 2) {
            digits = digits.substring(2);
            radix = 16;
        } else if (base == 0) {
            radix = digits.length() > 1 && digits.startsWith("0") ? 8 : 10;
        }
        try {
            if (digits.isEmpty() || !Character.isLetterOrDigit(digits.charAt(0))) {
                throw new NumberFormatException(text);
            }
            long value = Long.parseLong(digits, radix);
            if (value > Integer.MAX_VALUE) {
                throw new NumberFormatException(text);
            }
            return (int) value;
        } catch (NumberFormatException ex) {
            throw xmlError("Invalid value for attribute '" + attribute + "' in element 'address': '" + text
                    + "'. Expected non-negative integer value");
        }
    }

    /**
     * Writes the info as the last children of a device: the alias (every alias when {@code live}, else only
     * a user alias, so the inactive XML never shows the driver's names), then the address.
     */
    static void write(XmlWriter w, DeviceInfo info, boolean live) {
        String alias = info.alias();
        if (alias != null && (live || DeviceInfo.isValidUserAlias(alias))) {
            w.empty("alias", "name", alias);
        }
        DeviceAddress address = info.address();
        if (address == null) {
            return;
        }
        if (address instanceof DeviceAddress.Pci p) {
            String multi = p.multifunction() == null ? null : p.multifunction() ? "on" : "off";
            if (p.isEmpty()) {
                w.empty("address", "type", "pci", "multifunction", multi);
            } else {
                w.empty("address", "type", "pci", "domain", String.format("0x%04x", p.domain()),
                        "bus", String.format("0x%02x", p.bus()), "slot", String.format("0x%02x", p.slot()),
                        "function", "0x" + p.function(), "multifunction", multi);
            }
        } else if (address instanceof DeviceAddress.Drive d) {
            w.empty("address", "type", "drive", "controller", Integer.toString(d.controller()),
                    "bus", Integer.toString(d.bus()), "target", Integer.toString(d.target()),
                    "unit", Integer.toString(d.unit()));
        } else if (address instanceof DeviceAddress.VirtioSerial v) {
            w.empty("address", "type", "virtio-serial", "controller", Integer.toString(v.controller()),
                    "bus", Integer.toString(v.bus()), "port", Integer.toString(v.port()));
        } else if (address instanceof DeviceAddress.Usb u) {
            w.empty("address", "type", "usb", "bus", Integer.toString(u.bus()), "port", u.port());
        } else if (address instanceof DeviceAddress.Isa i) {
            w.empty("address", "type", "isa",
                    "iobase", i.iobase() > 0 ? "0x" + Integer.toHexString(i.iobase()) : null,
                    "irq", i.irq() > 0 ? "0x" + Integer.toHexString(i.irq()) : null);
        }
    }

    private static VirtException xmlError(String detail) {
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, detail);
    }
}
