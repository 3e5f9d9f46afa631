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
            "source/reconnect@timeout");

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
        return switch (type) {
            case NETWORK -> new InterfaceSource(null, null, null, null, null, null, null, null, s.attr("portgroup"),
                    s.attr("portid"), null, null, null, null, null);
            case DIRECT, VDPA -> new InterfaceSource(s.attr("dev"), type == Type.DIRECT ? s.attr("mode") : null,
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
            case NETWORK -> new String[] {"network", i.source(), "portgroup", s.portgroup(), "portid", s.portid()};
            case BRIDGE -> new String[] {"bridge", i.source()};
            case DIRECT, VDPA -> new String[] {"dev", s.dev(), "mode", s.mode()};
            case VHOSTUSER -> new String[] {"type", s.type(), "path", s.path(), "mode", s.mode()};
            case SERVER, CLIENT, MCAST, UDP -> new String[] {"address", s.address(),
                "port", DeviceAttrs.num(s.port())};
            case VDS -> new String[] {"switchid", s.switchid(), "portid", s.portid(), "portgroupid", s.portgroupid(),
                "connectionid", s.connectionid()};
            default -> new String[0];
        };
        boolean reconnect = s.reconnectEnabled() != null || s.reconnectTimeout() != null;
        boolean local = s.localAddress() != null || s.localPort() != null;
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
}
