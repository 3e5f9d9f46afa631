package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.domain.HubDevice;
import io.virtkit.model.domain.RedirDevice;
import io.virtkit.model.domain.RedirFilterRule;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The guest's USB extras: {@code <redirdev>}, {@code <redirfilter>} and {@code <hub>}. */
final class UsbRedirectionXml {

    /** The keys of {@code <redirdev>}, relative to it. */
    static final List<String> REDIRDEV = java.util.stream.Stream.concat(java.util.stream.Stream.of("@bus",
            "boot@order", "boot@loadparm"), CharDeviceXml.SOURCE_KEYS.stream()).toList();

    /** The keys of {@code <redirfilter>}, relative to it. */
    static final List<String> REDIRFILTER = List.of("usbdev@class", "usbdev@vendor", "usbdev@product",
            "usbdev@version", "usbdev@allow");

    /** The keys of {@code <hub>}, relative to it. */
    static final List<String> HUB = List.of("@type");

    private static final Set<String> REDIR_TYPES = Set.of("null", "vc", "pty", "dev", "file", "pipe", "stdio", "udp",
            "tcp", "unix", "spicevmc", "spiceport", "nmdm", "qemu-vdagent", "dbus");

    private UsbRedirectionXml() {
    }

    static RedirDevice parseRedirdev(XmlCursor r, boolean live) {
        String bus = r.attr("bus");
        if (bus == null) {
            throw DomainErrors.xmlError("missing bus type in redirdev");
        }
        if (!bus.equals("usb")) {
            throw DomainErrors.xmlError("unknown redirdev bus '" + bus + "'");
        }
        String type = r.attr("type");
        if (type == null || !REDIR_TYPES.contains(type)) {
            throw DomainErrors.xmlError("unknown type presented to host for character device: " + type);
        }
        CharDevice.Builder hostSide = CharDevice.builder();
        CharDeviceXml.parseSource(r, hostSide);
        XmlCursor boot = r.child("boot");
        Integer bootOrder = boot == null ? null : DomainErrors.unsigned(boot, "order");
        if (boot != null && (bootOrder == null || bootOrder == 0)) {
            throw DomainErrors.xmlError("incorrect boot order '" + boot.attrOrEmpty("order")
                    + "', expecting positive integer");
        }
        return RedirDevice.of(bus, hostSide.build(), bootOrder, DeviceInfoXml.parse(r, live),
                DeviceInfoXml.loadParm(boot));
    }

    static void writeRedirdev(XmlWriter w, RedirDevice r, boolean live) {
        w.open("redirdev", "bus", r.bus(), "type", r.type());
        if (r.hostSide() != null) {
            CharDeviceXml.writeSource(w, r.hostSide());
        } else {
            if (r.mode() != null || r.host() != null || r.service() != null || r.path() != null) {
                w.empty("source", "mode", r.mode(), "path", r.path(), "host", r.host(), "service", r.service());
            }
            if (r.protocol() != null) {
                w.empty("protocol", "type", r.protocol());
            }
        }
        if (r.bootOrder() != null) {
            w.empty("boot", "order", r.bootOrder().toString(), "loadparm", r.bootLoadParm());
        }
        DeviceInfoXml.write(w, r.info(), live);
        w.close("redirdev");
    }

    static List<RedirFilterRule> parseRedirfilter(XmlCursor f) {
        List<RedirFilterRule> rules = new ArrayList<>();
        for (XmlCursor u : f.children("usbdev")) {
            String allow = u.attr("allow");
            if (allow == null) {
                throw DomainErrors.xmlError("Missing allow attribute for USB redirection filter");
            }
            rules.add(new RedirFilterRule(hex(u, "class", 0xff), hex(u, "vendor", 0xffff), hex(u, "product", 0xffff),
                    version(u), DomainErrors.yesNo(allow, "allow", "usbdev")));
        }
        return rules;
    }

    /** A hexadecimal (or {@code -1}: any) filter value, {@code null} for any. */
    private static Integer hex(XmlCursor u, String attribute, int max) {
        String text = u.attr(attribute);
        if (text == null || text.equals("-1")) {
            return null;
        }
        String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        try {
            int value = Integer.parseInt(digits, 16);
            if (value >= 0 && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw DomainErrors.xmlError("Invalid USB " + attribute + " value " + text);
    }

    private static String version(XmlCursor u) {
        String text = u.attr("version");
        if (text == null || text.equals("-1")) {
            return null;
        }
        if (!text.matches("[0-9]{1,2}\\.[0-9]{1,2}")) {
            throw DomainErrors.xmlError("Cannot parse USB device version " + text);
        }
        return text;
    }

    static void writeRedirfilter(XmlWriter w, List<RedirFilterRule> rules) {
        if (rules.isEmpty()) {
            return;
        }
        w.open("redirfilter");
        for (RedirFilterRule r : rules) {
            w.empty("usbdev", "class", r.usbClass() == null ? null : String.format("0x%02X", r.usbClass()),
                    "vendor", r.vendor() == null ? null : String.format("0x%04X", r.vendor()),
                    "product", r.product() == null ? null : String.format("0x%04X", r.product()),
                    "version", r.version(), "allow", r.allow() ? "yes" : "no");
        }
        w.close("redirfilter");
    }

    static HubDevice parseHub(XmlCursor h, boolean live) {
        String type = h.attr("type");
        if (type == null) {
            throw DomainErrors.xmlError("missing hub device type");
        }
        if (!type.equals("usb")) {
            throw DomainErrors.xmlError("unknown hub device type '" + type + "'");
        }
        return new HubDevice(type, DeviceInfoXml.parse(h, live));
    }

    static void writeHub(XmlWriter w, HubDevice h, boolean live) {
        boolean alias = h.alias() != null && (live || h.info().hasUserAlias());
        if (!alias && h.info().address() == null) {
            w.empty("hub", "type", h.type());
            return;
        }
        w.open("hub", "type", h.type());
        DeviceInfoXml.write(w, h.info(), live);
        w.close("hub");
    }
}
