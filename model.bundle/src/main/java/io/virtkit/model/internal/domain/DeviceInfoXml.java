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
 * Reads and writes a device's {@code <alias>}, {@code <acpi index>} and {@code <address>} (libvirt's device
 * info), for every device codec that carries one ({@link DevicesXml}), and the boot {@code loadparm} of the
 * devices that boot.
 *
 * <p>Numbers are read as libvirt reads them: PCI, zPCI and CCW fields in C notation (decimal, {@code 0x} hex
 * or {@code 0} octal); drive, virtio-serial, CCID, USB bus and DIMM slot in decimal; ISA fields, the
 * spapr-vio register and the DIMM base in hex with or without {@code 0x}; all unsigned. They are written as
 * libvirt writes them: PCI, zPCI, CCW, ISA, spapr-vio and DIMM base in hex, the others in decimal.
 */
final class DeviceInfoXml {

    /** Address types libvirt reads but its 9.0 schema no longer has. */
    private static final List<String> UNMODELLED_TYPES = List.of("virtio-s390");

    /** The keys this codec reads, relative to the device element. */
    static final List<String> MODELLED = List.of("alias@name", "acpi", "acpi@index", "address@type",
            "address@domain", "address@bus", "address@slot", "address@function", "address@multifunction",
            "address/zpci", "address/zpci@uid", "address/zpci@fid", "address@controller", "address@target",
            "address@unit", "address@port", "address@reg", "address@cssid", "address@ssid", "address@devno",
            "address@iobase", "address@irq", "address@base");

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
        if (address instanceof DeviceAddress.Unassigned && !device.name().equals("hostdev")) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                    "address of type 'unassigned' is supported only for hostdevs");
        }
        XmlCursor acpi = device.child("acpi");
        // libvirt keeps no <acpi/> without an index: there is nothing in it to keep
        Integer acpiIndex = acpi == null || !acpi.has("index") ? null : acpiIndex(acpi);
        return alias == null && address == null && acpiIndex == null ? DeviceInfo.NONE
                : new DeviceInfo(alias, address, acpiIndex);
    }

    private static int acpiIndex(XmlCursor acpi) {
        long index = unsigned(acpi, "index", 10, Integer.MAX_VALUE);
        if (index == 0) {
            throw xmlError("Invalid value for attribute 'index' in element 'acpi': Zero is not permitted");
        }
        return (int) index;
    }

    private static DeviceAddress parseAddress(XmlCursor e) {
        if (!e.has("type")) {
            throw xmlError("Missing required attribute 'type' in element 'address'");
        }
        String type = e.attr("type");
        return switch (type) {
            case "pci" -> new DeviceAddress.Pci(number(e, "domain", 0), number(e, "bus", 0), number(e, "slot", 0),
                    number(e, "function", 0), multifunction(e), zpci(e.child("zpci")));
            case "drive" -> new DeviceAddress.Drive(number(e, "controller", 10), number(e, "bus", 10),
                    number(e, "target", 10), number(e, "unit", 10));
            case "virtio-serial" -> new DeviceAddress.VirtioSerial(number(e, "controller", 10), number(e, "bus", 10),
                    number(e, "port", 10));
            case "ccid" -> new DeviceAddress.Ccid(number(e, "controller", 10), number(e, "slot", 10));
            case "isa" -> new DeviceAddress.Isa(number(e, "iobase", 16), number(e, "irq", 16));
            case "usb" -> new DeviceAddress.Usb(number(e, "bus", 10), e.attr("port"));
            case "spapr-vio" -> new DeviceAddress.SpaprVio(e.has("reg") ? unsigned(e, "reg", 16, Long.MAX_VALUE) : null);
            case "ccw" -> new DeviceAddress.Ccw(optional(e, "cssid"), optional(e, "ssid"), optional(e, "devno"));
            case "virtio-mmio" -> new DeviceAddress.VirtioMmio();
            case "dimm" -> new DeviceAddress.Dimm(number(e, "slot", 10),
                    e.has("base") ? unsigned(e, "base", 16, Long.MAX_VALUE) : null);
            case "unassigned" -> new DeviceAddress.Unassigned();
            default -> {
                if (UNMODELLED_TYPES.contains(type)) {
                    throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                            "device address type '" + type + "' is not supported");
                }
                throw xmlError("Invalid value for attribute 'type' in element 'address': '" + type + "'.");
            }
        };
    }

    private static DeviceAddress.Zpci zpci(XmlCursor z) {
        if (z == null) {
            return null;
        }
        return new DeviceAddress.Zpci((int) unsigned(z, "uid", 0, 0xFFFF), unsigned(z, "fid", 0, 0xFFFFFFFFL));
    }

    private static Integer optional(XmlCursor e, String attribute) {
        return e.has(attribute) ? number(e, attribute, 0) : null;
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
        return (int) unsigned(e, attribute, base, Integer.MAX_VALUE);
    }

    /** As {@link #number}, up to {@code max}; 0 when absent. */
    private static long unsigned(XmlCursor e, String attribute, int base, long max) {
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
            if (value > max) {
                throw new NumberFormatException(text);
            }
            return value;
        } catch (NumberFormatException ex) {
            throw xmlError("Invalid value for attribute '" + attribute + "' in element '" + e.name() + "': '" + text
                    + "'. Expected non-negative integer value");
        }
    }

    /**
     * A {@code <boot>}'s {@code loadparm} as libvirt keeps it: upper case, 1 to 8 of letters, digits,
     * {@code .} and blanks; {@code null} when absent.
     */
    static String loadParm(XmlCursor boot) {
        String value = boot == null ? null : boot.attr("loadparm");
        if (value == null) {
            return null;
        }
        String upper = value.toUpperCase(java.util.Locale.ROOT);
        if (upper.isEmpty() || upper.length() > 8) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.DOMAIN,
                    "loadparm value '" + upper + "' must be between 1 and 8 characters");
        }
        if (!upper.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == ' ')) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.DOMAIN, "invalid loadparm value '" + upper
                    + "', expecting chars in set of [a-zA-Z0-9.] and blank spaces");
        }
        return upper;
    }

    /**
     * Writes the info as the last children of a device, as libvirt does after a device's own children (and
     * after its {@code <boot>} and {@code <rom>}): the alias (every alias when {@code live}, else only a user
     * alias, so the inactive XML never shows the driver's names), the ACPI index, then the address.
     */
    static void write(XmlWriter w, DeviceInfo info, boolean live) {
        String alias = info.alias();
        if (alias != null && (live || DeviceInfo.isValidUserAlias(alias))) {
            w.empty("alias", "name", alias);
        }
        if (info.acpiIndex() != null) {
            w.empty("acpi", "index", info.acpiIndex().toString());
        }
        DeviceAddress address = info.address();
        if (address != null) {
            writeAddress(w, address);
        }
    }

    private static void writeAddress(XmlWriter w, DeviceAddress address) {
        if (address instanceof DeviceAddress.Pci p) {
            writePci(w, p);
        } else if (address instanceof DeviceAddress.Drive d) {
            w.empty("address", "type", "drive", "controller", Integer.toString(d.controller()),
                    "bus", Integer.toString(d.bus()), "target", Integer.toString(d.target()),
                    "unit", Integer.toString(d.unit()));
        } else if (address instanceof DeviceAddress.VirtioSerial v) {
            w.empty("address", "type", "virtio-serial", "controller", Integer.toString(v.controller()),
                    "bus", Integer.toString(v.bus()), "port", Integer.toString(v.port()));
        } else if (address instanceof DeviceAddress.Ccid c) {
            w.empty("address", "type", "ccid", "controller", Integer.toString(c.controller()),
                    "slot", Integer.toString(c.slot()));
        } else if (address instanceof DeviceAddress.Usb u) {
            w.empty("address", "type", "usb", "bus", Integer.toString(u.bus()), "port", u.port());
        } else if (address instanceof DeviceAddress.SpaprVio s) {
            w.empty("address", "type", "spapr-vio", "reg", s.reg() == null ? null : String.format("0x%08x", s.reg()));
        } else if (address instanceof DeviceAddress.Ccw c) {
            w.empty("address", "type", "ccw", "cssid", c.isEmpty() ? null : "0x" + Integer.toHexString(c.cssid()),
                    "ssid", c.isEmpty() ? null : "0x" + Integer.toHexString(c.ssid()),
                    "devno", c.isEmpty() ? null : String.format("0x%04x", c.devno()));
        } else if (address instanceof DeviceAddress.Isa i) {
            w.empty("address", "type", "isa", "iobase", i.iobase() > 0 ? "0x" + Integer.toHexString(i.iobase()) : null,
                    "irq", i.irq() > 0 ? "0x" + Integer.toHexString(i.irq()) : null);
        } else if (address instanceof DeviceAddress.Dimm d) {
            w.empty("address", "type", "dimm", "slot", Integer.toString(d.slot()),
                    "base", d.base() == null ? null : "0x" + Long.toHexString(d.base()));
        } else {
            w.empty("address", "type", address.type()); // virtio-mmio, unassigned: nothing but the type
        }
    }

    private static void writePci(XmlWriter w, DeviceAddress.Pci p) {
        String multi = p.multifunction() == null ? null : p.multifunction() ? "on" : "off";
        String[] attrs = p.isEmpty() ? new String[] {"type", "pci", "multifunction", multi}
            : new String[] {"type", "pci", "domain", String.format("0x%04x", p.domain()),
                "bus", String.format("0x%02x", p.bus()), "slot", String.format("0x%02x", p.slot()),
                "function", "0x" + p.function(), "multifunction", multi};
        if (p.zpci() == null) {
            w.empty("address", attrs);
            return;
        }
        w.open("address", attrs);
        w.empty("zpci", "uid", String.format("0x%04x", p.zpci().uid()), "fid", String.format("0x%08x", p.zpci().fid()));
        w.close("address");
    }

    private static VirtException xmlError(String detail) {
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, detail);
    }
}
