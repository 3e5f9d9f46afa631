package io.virtkit.model.internal.network;

import static io.virtkit.model.internal.netcommon.XmlElements.attr;
import static io.virtkit.model.internal.netcommon.XmlElements.child;
import static io.virtkit.model.internal.netcommon.XmlElements.children;
import static io.virtkit.model.internal.netcommon.XmlElements.text;

import io.virtkit.api.ErrorDomain;
import io.virtkit.model.internal.netcommon.IpAddresses;
import io.virtkit.model.internal.netcommon.XmlElements;
import io.virtkit.model.internal.xml.XmlWriter;
import io.virtkit.model.network.DhcpBootp;
import io.virtkit.model.network.DhcpHost;
import io.virtkit.model.network.DhcpLease;
import io.virtkit.model.network.DhcpRange;
import io.virtkit.model.network.NetworkIp;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/** A network's {@code <ip>} with {@code <tftp>} and {@code <dhcp>} (ranges, hosts, leases, bootp). */
final class IpXml {
    private static final ErrorDomain D = ErrorDomain.NETWORK;

    private IpXml() {
    }

    static NetworkIp parse(Element ipEl, String name) {
        String family = attr(ipEl, "family");
        String addressText = attr(ipEl, "address");
        if (family != null && !family.equals("ipv4") && !family.equals("ipv6")) {
            throw XmlElements.xmlError(D, "Unrecognized family '" + family + "' in network '" + name + "'");
        }
        if (addressText == null) {
            throw XmlElements.xmlError(D, "Missing required address attribute in network '" + name + "'");
        }
        InetAddress address = IpAddresses.parse(addressText);
        if (address == null) {
            throw XmlElements.xmlError(D, "Invalid address '" + addressText + "' in network '" + name + "'");
        }
        InetAddress netmask = null;
        String netmaskText = attr(ipEl, "netmask");
        if (netmaskText != null) {
            netmask = IpAddresses.parse(netmaskText);
            if (netmask == null) {
                throw XmlElements.xmlError(D, "Invalid netmask '" + netmaskText + "' in network '" + name + "'");
            }
            if (netmask.getClass() != address.getClass()) {
                throw XmlElements.unsupported(D, "Invalid netmask '" + netmaskText + "' for address '" + addressText
                        + "' in network '" + name + "' (both must be IPv4)");
            }
        }
        Integer prefix = null;
        Long p = XmlElements.unsigned(ipEl, "prefix", 0xFFFFFFFFL, D);
        if (p != null) {
            int max = address instanceof java.net.Inet6Address ? 128 : 32;
            if (p > max) {
                throw XmlElements.unsupported(D, "Invalid " + (max == 32 ? "IPv4" : "IPv6") + " prefix '" + p
                        + "' in network '" + name + "'");
            }
            // libvirt treats prefix='0' as no prefix at all
            prefix = p == 0 ? null : p.intValue();
        }
        Element tftp = child(ipEl, "tftp");
        String tftpRoot = attr(tftp, "root");
        if (tftp != null && tftpRoot == null) {
            throw XmlElements.xmlError(D, "Missing required root attribute in <tftp> of network '" + name + "'");
        }
        Element dhcp = child(ipEl, "dhcp");
        List<DhcpRange> ranges = new ArrayList<>();
        for (Element r : children(dhcp, "range")) {
            ranges.add(range(r, name));
        }
        List<DhcpHost> hosts = new ArrayList<>();
        for (Element h : children(dhcp, "host")) {
            hosts.add(host(h, name, family));
        }
        DhcpBootp bootp = null;
        Element b = child(dhcp, "bootp");
        if (b != null) {
            if (attr(b, "file") == null) {
                throw XmlElements.xmlError(D, "Missing required file attribute in <bootp> of network '" + name + "'");
            }
            bootp = new DhcpBootp(attr(b, "file"), attr(b, "server"));
        }
        return new NetworkIp(family, address, netmask, prefix, XmlElements.yesNo(ipEl, "localPtr", D), tftpRoot,
                ranges, hosts, bootp);
    }

    private static DhcpRange range(Element r, String name) {
        String start = attr(r, "start");
        if (start == null) {
            throw XmlElements.xmlError(D, "Missing 'start' attribute in dhcp range for network '" + name + "'");
        }
        String end = attr(r, "end");
        if (end == null) {
            throw XmlElements.xmlError(D, "Missing 'end' attribute in dhcp range for network '" + name + "'");
        }
        InetAddress s = IpAddresses.parse(start);
        InetAddress e = IpAddresses.parse(end);
        if (s == null || e == null) {
            throw XmlElements.xmlError(D, "Invalid dhcp range '" + start + "' to '" + end + "' in network '" + name
                    + "'");
        }
        return new DhcpRange(s, e, lease(child(r, "lease"), name));
    }

    private static DhcpHost host(Element h, String name, String family) {
        String ipText = attr(h, "ip");
        InetAddress hostIp = IpAddresses.parse(ipText);
        if (ipText != null && hostIp == null) {
            throw XmlElements.xmlError(D, "Invalid IP address in static host definition for network '" + name + "'");
        }
        String mac = attr(h, "mac");
        String id = attr(h, "id");
        String hostName = attr(h, "name");
        if ("ipv6".equals(family)) {
            if (id == null && hostName == null) {
                throw XmlElements.xmlError(D, "Static host definition in IPv6 network '" + name
                        + "' must have id or name attribute");
            }
        } else if (mac == null && hostName == null) {
            throw XmlElements.xmlError(D, "Static host definition in IPv4 network '" + name
                    + "' must have mac or name attribute");
        }
        if (id != null && !id.matches("[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2}){3,}")) {
            throw XmlElements.xmlError(D, "Invalid client id '" + id + "' in network '" + name + "'");
        }
        if (hostIp == null) {
            throw XmlElements.xmlError(D, "Missing IP address in static host definition for network '" + name + "'");
        }
        return new DhcpHost(mac, id, hostName, hostIp, lease(child(h, "lease"), name));
    }

    private static DhcpLease lease(Element l, String name) {
        if (l == null) {
            return null;
        }
        Long expiry = XmlElements.unsigned(l, "expiry", Long.MAX_VALUE / 3600, D);
        if (expiry == null) {
            throw XmlElements.xmlError(D, "Missing 'expiry' attribute in <lease> of network '" + name + "'");
        }
        String unitText = attr(l, "unit");
        DhcpLease.Unit unit = null;
        if (unitText != null) {
            unit = switch (unitText) {
                case "seconds" -> DhcpLease.Unit.SECONDS;
                case "minutes" -> DhcpLease.Unit.MINUTES;
                case "hours" -> DhcpLease.Unit.HOURS;
                default -> throw XmlElements.xmlError(D, "Invalid unit: " + unitText);
            };
        }
        return new DhcpLease(expiry, unit);
    }

    static void write(XmlWriter w, NetworkIp ip) {
        String[] attrs = {"family", ip.family(), "address", IpAddresses.format(ip.address()),
            "netmask", IpAddresses.format(ip.netmask()), "prefix", text(ip.prefixLength()),
            "localPtr", XmlElements.yesNo(ip.localPtr())};
        if (!ip.hasDhcp() && ip.bootp() == null && ip.tftpRoot() == null) {
            w.empty("ip", attrs);
            return;
        }
        w.open("ip", attrs);
        if (ip.tftpRoot() != null) {
            w.empty("tftp", "root", ip.tftpRoot());
        }
        if (ip.hasDhcp() || ip.bootp() != null) {
            w.open("dhcp");
            for (DhcpRange r : ip.dhcpRanges()) {
                String[] ra = {"start", IpAddresses.format(r.start()), "end", IpAddresses.format(r.end())};
                withLease(w, "range", ra, r.lease());
            }
            for (DhcpHost h : ip.dhcpHosts()) {
                String[] ha = {"mac", h.mac(), "id", h.id(), "name", h.name(), "ip", IpAddresses.format(h.ip())};
                withLease(w, "host", ha, h.lease());
            }
            if (ip.bootp() != null) {
                w.empty("bootp", "file", ip.bootp().file(), "server", ip.bootp().server());
            }
            w.close("dhcp");
        }
        w.close("ip");
    }

    private static void withLease(XmlWriter w, String element, String[] attrs, DhcpLease lease) {
        if (lease == null) {
            w.empty(element, attrs);
            return;
        }
        w.open(element, attrs);
        w.empty("lease", "expiry", Long.toString(lease.expiry()), "unit",
                lease.unit() == null ? null : lease.unit().xmlName());
        w.close(element);
    }
}
