package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.InterfaceDevice;
import io.virtkit.model.domain.InterfaceDevice.Type;
import io.virtkit.model.domain.InterfaceSource;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.List;

/**
 * An interface's {@code <source>} by type: the network or bridge name ({@link InterfaceDevice#source()}) and
 * the rest ({@link InterfaceSource}): a direct or vDPA device, a vhost-user socket, a socket address, a VDS
 * port.
 */
final class InterfaceSourceXml {

    /** The keys this codec reads, relative to {@code <interface>}. */
    static final List<String> MODELLED = List.of("source", "source@network", "source@bridge", "source@dev",
            "source@mode", "source@type", "source@path", "source@address", "source@port", "source/local",
            "source/local@address", "source/local@port", "source@portgroup", "source@portid", "source@switchid",
            "source@portgroupid", "source@connectionid", "source/reconnect", "source/reconnect@enabled",
            "source/reconnect@timeout", "source@macTableManager", "source@name", "source@missing",
            "source/address", "source/address@type", "source/address@domain", "source/address@bus",
            "source/address@slot", "source/address@function", "source/address@multifunction",
            "source/address@device", "source/vendor", "source/vendor@id", "source/product", "source/product@id",
            "source/ip", "source/ip@address", "source/ip@family", "source/ip@prefix", "source/ip@peer",
            "source/route", "source/route@family", "source/route@address", "source/route@netmask",
            "source/route@prefix", "source/route@gateway", "source/route@metric");

    private InterfaceSourceXml() {
    }

    /** The network or bridge name, required for those types. */
    static String name(XmlCursor i, Type type) {
        if (type != Type.NETWORK && type != Type.BRIDGE) {
            return null;
        }
        String attribute = type == Type.NETWORK ? "network" : "bridge";
        XmlCursor source = i.child("source");
        String name = source == null ? null : source.attr(attribute);
        if (name == null) {
            throw DomainErrors.xmlError("interface type='" + type.xmlName() + "' requires a 'source' element");
        }
        return name;
    }

    static InterfaceSource parse(XmlCursor i, Type type) {
        XmlCursor s = i.child("source");
        if (s == null) {
            return InterfaceSource.NONE;
        }
        InterfaceSource base = base(s, type);
        boolean bridged = type == Type.NETWORK || type == Type.BRIDGE || type == Type.DIRECT;
        String macTableManager = type == Type.NETWORK || type == Type.BRIDGE
                ? DeviceAttrs.oneOf(s, "macTableManager", "kernel", "libvirt") : null;
        String portgroup = bridged ? s.attr("portgroup") : base.portgroup();
        String portid = bridged ? s.attr("portid") : base.portid();
        XmlCursor vendor = type == Type.HOSTDEV ? s.child("vendor") : null;
        XmlCursor product = type == Type.HOSTDEV ? s.child("product") : null;
        return new InterfaceSource(base.dev(), base.mode(), base.type(), base.path(), base.address(), base.port(),
                base.localAddress(), base.localPort(), portgroup, portid, base.switchid(), base.portgroupid(),
                base.connectionid(), base.reconnectEnabled(), base.reconnectTimeout(),
                type == Type.BRIDGE || type == Type.DIRECT ? s.attr("network") : null,
                type == Type.NETWORK ? s.attr("bridge") : null, macTableManager,
                type == Type.INTERNAL ? s.attr("name") : null,
                type == Type.HOSTDEV ? DeviceAttrs.yesNo(s, "missing") : null,
                type == Type.HOSTDEV ? hostAddress(s.child("address")) : null,
                vendor == null ? null : usbId(vendor), product == null ? null : usbId(product),
                type == Type.ETHERNET ? InterfaceIpXml.ips(s) : List.of(),
                type == Type.ETHERNET ? InterfaceIpXml.routes(s) : List.of());
    }

    private static InterfaceSource.HostAddress hostAddress(XmlCursor a) {
        if (a == null) {
            return null;
        }
        String type = DeviceAttrs.oneOf(a, "type", "pci", "usb");
        if ("pci".equals(type)) {
            return new InterfaceSource.HostAddress(type, DeviceInfoXml.number(a, "domain", 0),
                    DeviceInfoXml.number(a, "bus", 0), DeviceInfoXml.number(a, "slot", 0),
                    DeviceInfoXml.number(a, "function", 0), DeviceAttrs.onOff(a, "multifunction"), null);
        }
        return new InterfaceSource.HostAddress(type, null, DeviceInfoXml.number(a, "bus", 10), null, null, null,
                DeviceInfoXml.number(a, "device", 10));
    }

    private static Integer usbId(XmlCursor e) {
        String text = e.attr("id");
        try {
            int id = Integer.decode(text);
            if (id >= 0 && id <= 0xffff) {
                return id;
            }
        } catch (NumberFormatException | NullPointerException ex) {
            // reported below
        }
        throw DomainErrors.xmlError("cannot parse " + e.name() + " " + text);
    }

    private static InterfaceSource base(XmlCursor s, Type type) {
        return switch (type) {
            case NETWORK -> InterfaceSource.NONE;
            case DIRECT, VDPA, USER -> new InterfaceSource(s.attr("dev"),
                    type == Type.DIRECT ? s.attr("mode") : null,
                    null, null, null, null, null, null, null, null, null, null, null, null, null);
            case VHOSTUSER -> {
                XmlCursor r = s.child("reconnect");
                yield new InterfaceSource(null, DeviceAttrs.oneOf(s, "mode", "server", "client"),
                        s.attr("type"), s.attr("path"), null, null, null, null, null, null, null, null, null,
                        r == null ? null : DeviceAttrs.yesNo(r, "enabled"),
                        r == null ? null : DeviceAttrs.uint(r, "timeout"));
            }
            case SERVER, CLIENT, MCAST, UDP -> {
                XmlCursor local = type == Type.UDP ? s.child("local") : null;
                yield new InterfaceSource(null, null, null, null, s.attr("address"), DeviceAttrs.uint(s, "port"),
                        local == null ? null : local.attr("address"), local == null ? null
                                : DeviceAttrs.uint(local, "port"), null, null, null, null, null, null, null);
            }
            case VDS -> new InterfaceSource(null, null, null, null, null, null, null, null, null, s.attr("portid"),
                    s.attr("switchid"), s.attr("portgroupid"), s.attr("connectionid"), null, null);
            default -> InterfaceSource.NONE;
        };
    }

    static void write(XmlWriter w, InterfaceDevice i) {
        InterfaceSource s = i.settings().source();
        String[] attrs = switch (i.type()) {
            case NETWORK -> new String[] {"network", i.source(), "portgroup", s.portgroup(), "portid", s.portid(),
                "bridge", s.bridge(), "macTableManager", s.macTableManager()};
            case BRIDGE -> new String[] {"bridge", i.source(), "macTableManager", s.macTableManager(),
                "network", s.network(), "portgroup", s.portgroup(), "portid", s.portid()};
            case DIRECT -> new String[] {"dev", s.dev(), "mode", s.mode(), "network", s.network(),
                "portgroup", s.portgroup(), "portid", s.portid()};
            case VDPA, USER -> new String[] {"dev", s.dev()};
            case INTERNAL -> new String[] {"name", s.name()};
            case HOSTDEV -> new String[] {"missing", DeviceAttrs.yesNo(s.missing())};
            case VHOSTUSER -> new String[] {"type", s.type(), "path", s.path(), "mode", s.mode()};
            case SERVER, CLIENT, MCAST, UDP -> new String[] {"address", s.address(),
                "port", DeviceAttrs.num(s.port())};
            case VDS -> new String[] {"switchid", s.switchid(), "portid", s.portid(), "portgroupid", s.portgroupid(),
                "connectionid", s.connectionid()};
            default -> new String[0];
        };
        boolean reconnect = s.reconnectEnabled() != null || s.reconnectTimeout() != null;
        boolean local = s.localAddress() != null || s.localPort() != null;
        boolean children = !s.ips().isEmpty() || !s.routes().isEmpty() || s.hostAddress() != null
                || s.usbVendor() != null || s.usbProduct() != null;
        if (children) {
            w.open("source", attrs);
            writeHostdev(w, s);
            InterfaceIpXml.writeIps(w, s.ips(), s.routes());
            w.close("source");
            return;
        }
        if (!reconnect && !local) {
            if (DeviceAttrs.anySet(attrs)) {
                w.empty("source", attrs);
            }
            return;
        }
        w.open("source", attrs);
        if (local) {
            w.empty("local", "address", s.localAddress(), "port", DeviceAttrs.num(s.localPort()));
        }
        if (reconnect) {
            w.empty("reconnect", "enabled", DeviceAttrs.yesNo(s.reconnectEnabled()),
                    "timeout", DeviceAttrs.num(s.reconnectTimeout()));
        }
        w.close("source");
    }

    private static void writeHostdev(XmlWriter w, InterfaceSource s) {
        if (s.usbVendor() != null) {
            w.empty("vendor", "id", String.format("0x%04x", s.usbVendor()));
        }
        if (s.usbProduct() != null) {
            w.empty("product", "id", String.format("0x%04x", s.usbProduct()));
        }
        InterfaceSource.HostAddress a = s.hostAddress();
        if (a != null && "pci".equals(a.type())) {
            w.empty("address", "type", "pci", "domain", String.format("0x%04x", a.domain()),
                    "bus", String.format("0x%02x", a.bus()), "slot", String.format("0x%02x", a.slot()),
                    "function", String.format("0x%x", a.function()),
                    "multifunction", DeviceAttrs.onOff(a.multifunction()));
        } else if (a != null) {
            w.empty("address", "type", a.type(), "bus", DeviceAttrs.num(a.bus()), "device",
                    DeviceAttrs.num(a.device()));
        }
    }
}
