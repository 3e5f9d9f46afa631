package io.virtkit.model.internal.domain;

import io.virtkit.api.ErrorDomain;
import io.virtkit.model.domain.InterfaceIp;
import io.virtkit.model.domain.InterfacePortForward;
import io.virtkit.model.internal.netcommon.IpAddresses;
import io.virtkit.model.internal.netcommon.IpRouteXml;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import io.virtkit.model.netcommon.IpRoute;
import java.util.ArrayList;
import java.util.List;

/**
 * The addressing of an interface: {@code <ip>}s and {@code <route>}s (of the guest side under
 * {@code <interface>}, of the host side under an ethernet interface's {@code <source>}) and passt's
 * {@code <portForward>}s.
 */
final class InterfaceIpXml {

    /** The keys of {@code <ip>} and {@code <route>}, relative to their parent. */
    static final List<String> IP_KEYS = List.of("ip", "ip@address", "ip@family", "ip@prefix", "ip@peer", "route",
            "route@family", "route@address", "route@netmask", "route@prefix", "route@gateway", "route@metric");

    /** The keys this codec reads, relative to {@code <interface>}. */
    static final List<String> MODELLED = java.util.stream.Stream.concat(IP_KEYS.stream(),
            java.util.stream.Stream.of("portForward", "portForward@proto", "portForward@address",
                    "portForward@dev", "portForward/range", "portForward/range@start", "portForward/range@end",
                    "portForward/range@to", "portForward/range@exclude")).toList();

    private InterfaceIpXml() {
    }

    static List<InterfaceIp> ips(XmlCursor parent) {
        List<InterfaceIp> out = new ArrayList<>();
        for (XmlCursor ip : parent.children("ip")) {
            String address = ip.attr("address");
            if (address == null) {
                throw DomainErrors.xmlError("Missing required address in <ip>");
            }
            if (IpAddresses.parse(address) == null) {
                throw DomainErrors.xmlError("Invalid address '" + address + "' in <ip>");
            }
            String peer = ip.attr("peer");
            if (peer != null && IpAddresses.parse(peer) == null) {
                throw DomainErrors.xmlError("Invalid peer address '" + peer + "' in <ip>");
            }
            Integer prefix = DeviceAttrs.uint(ip, "prefix");
            if (prefix != null && prefix > 128) {
                throw DomainErrors.xmlError("Invalid prefix value '" + prefix + "' in <ip>");
            }
            out.add(new InterfaceIp(address, DeviceAttrs.oneOf(ip, "family", "ipv4", "ipv6"), prefix, peer));
        }
        return out;
    }

    static List<IpRoute> routes(XmlCursor parent) {
        List<IpRoute> out = new ArrayList<>();
        for (XmlCursor r : parent.children("route")) {
            out.add(IpRouteXml.parse(r.element(), "interface", ErrorDomain.DOMAIN));
        }
        return out;
    }

    static List<InterfacePortForward> portForwards(XmlCursor i) {
        List<InterfacePortForward> out = new ArrayList<>();
        for (XmlCursor p : i.children("portForward")) {
            String proto = DeviceAttrs.required(p, "proto", "tcp", "udp");
            String address = p.attr("address");
            if (address != null && IpAddresses.parse(address) == null) {
                throw DomainErrors.xmlError("Invalid address '" + address + "' in <portForward>");
            }
            List<InterfacePortForward.Range> ranges = new ArrayList<>();
            for (XmlCursor r : p.children("range")) {
                Integer start = port(r, "start");
                if (start == null) {
                    throw DomainErrors.xmlError("Missing 'start' attribute in <range>");
                }
                ranges.add(new InterfacePortForward.Range(start, port(r, "end"), port(r, "to"),
                        DeviceAttrs.yesNo(r, "exclude")));
            }
            out.add(new InterfacePortForward(proto, address, p.attr("dev"), ranges));
        }
        return out;
    }

    private static Integer port(XmlCursor r, String attribute) {
        Integer n = DeviceAttrs.uint(r, attribute);
        if (n != null && n > 65535) {
            throw DomainErrors.invalidAttribute(attribute, "range", r.attr(attribute));
        }
        return n;
    }

    static void writeIps(XmlWriter w, List<InterfaceIp> ips, List<IpRoute> routes) {
        for (InterfaceIp ip : ips) {
            w.empty("ip", "address", ip.address(), "family", ip.family(), "prefix", DeviceAttrs.num(ip.prefix()),
                    "peer", ip.peer());
        }
        for (IpRoute r : routes) {
            IpRouteXml.write(w, r);
        }
    }

    static void writePortForwards(XmlWriter w, List<InterfacePortForward> forwards) {
        for (InterfacePortForward p : forwards) {
            String[] attrs = {"proto", p.proto(), "address", p.address(), "dev", p.dev()};
            if (p.ranges().isEmpty()) {
                w.empty("portForward", attrs);
                continue;
            }
            w.open("portForward", attrs);
            for (InterfacePortForward.Range r : p.ranges()) {
                w.empty("range", "start", Integer.toString(r.start()), "end", DeviceAttrs.num(r.end()),
                        "to", DeviceAttrs.num(r.to()), "exclude", DeviceAttrs.yesNo(r.exclude()));
            }
            w.close("portForward");
        }
    }
}
