package io.virtkit.model.internal.netcommon;

import static io.virtkit.model.internal.netcommon.XmlElements.attr;
import static io.virtkit.model.internal.netcommon.XmlElements.text;
import static io.virtkit.model.internal.netcommon.XmlElements.xmlError;

import io.virtkit.api.ErrorDomain;
import io.virtkit.model.internal.xml.XmlWriter;
import io.virtkit.model.netcommon.IpRoute;
import java.net.Inet4Address;
import java.net.InetAddress;
import org.w3c.dom.Element;

/** A static {@code <route>} (libvirt's virNetDevIPRouteParseXML/Format). */
public final class IpRouteXml {
    private IpRouteXml() {
    }

    /** Reads a route of the network or interface called {@code owner} (named in errors). */
    public static IpRoute parse(Element el, String owner, ErrorDomain domain) {
        String family = attr(el, "family");
        if (family != null && !family.equals("ipv4") && !family.equals("ipv6")) {
            throw xmlError(domain, "Unrecognized family '" + family + "' in route definition of '" + owner + "'");
        }
        String addressText = attr(el, "address");
        if (addressText == null) {
            throw xmlError(domain, "Missing required address attribute in route definition of '" + owner + "'");
        }
        InetAddress address = IpAddresses.parse(addressText);
        if (address == null) {
            throw xmlError(domain, "Bad network address '" + addressText + "' in route definition of '" + owner
                    + "'");
        }
        String gatewayText = attr(el, "gateway");
        if (gatewayText == null) {
            throw xmlError(domain, "Missing required gateway attribute in route definition of '" + owner + "'");
        }
        InetAddress gateway = IpAddresses.parse(gatewayText);
        if (gateway == null) {
            throw xmlError(domain, "Bad gateway address '" + gatewayText + "' in route definition of '" + owner
                    + "'");
        }
        InetAddress netmask = null;
        String netmaskText = attr(el, "netmask");
        if (netmaskText != null) {
            netmask = IpAddresses.parseIpv4(netmaskText.strip());
            if (netmask == null || IpAddresses.prefixOf(netmask) < 0) {
                throw xmlError(domain, "Bad netmask address '" + netmaskText + "' in route definition of '" + owner
                        + "'");
            }
        }
        Integer prefix = XmlElements.unsignedInt(el, "prefix", 128, domain);
        Long metric = XmlElements.unsigned(el, "metric", 0xFFFFFFFFL, domain);
        boolean v4 = address instanceof Inet4Address;
        if (v4 != gateway instanceof Inet4Address || (family != null && family.equals("ipv6") == v4)) {
            throw xmlError(domain, "Invalid family for route address '" + addressText + "' and gateway '"
                    + gatewayText + "' in route definition of '" + owner + "'");
        }
        if (netmask != null && (!v4 || prefix != null)) {
            throw xmlError(domain, "route definition of '" + owner + "' may have a netmask only for IPv4 and not"
                    + " with a prefix");
        }
        if (prefix != null && prefix > (v4 ? 32 : 128)) {
            throw xmlError(domain, "Invalid prefix " + prefix + " specified in route definition of '" + owner
                    + "', must be 0 - " + (v4 ? 32 : 128));
        }
        if (metric != null && metric == 0) {
            throw xmlError(domain, "Invalid metric value '0' in route definition of '" + owner
                    + "', must be > 0");
        }
        return new IpRoute(family, address, netmask, prefix, gateway, metric);
    }

    public static void write(XmlWriter w, IpRoute r) {
        w.empty("route", "family", r.family(), "address", IpAddresses.format(r.address()),
                "netmask", IpAddresses.format(r.netmask()), "prefix", text(r.prefixLength()),
                "gateway", IpAddresses.format(r.gateway()), "metric", text(r.metric()));
    }
}
