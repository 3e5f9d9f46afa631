package io.virtkit.model.network;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.internal.xml.SecureXml;
import io.virtkit.model.internal.xml.XmlWriter;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The one codec for libvirt's network XML: parses it into a {@link NetworkDefinition} and writes a
 * definition back the way libvirt does (element order, two-space indentation, single-quoted attributes).
 *
 * <p>Parsing is secure: documents with a DTD are rejected, so no entity is ever expanded or fetched, and
 * addresses are read as numbers, never resolved. Elements Virtkit does not model are ignored, as libvirt
 * ignores elements it does not know. Errors are {@link VirtException}s with libvirt's code and message from
 * {@link ErrorDomain#NETWORK}; XML that is not well-formed gives {@link ErrorCode#XML_DETAIL} with the line,
 * as libvirt's {@code (network_definition):LINE: …}.
 */
public final class NetworkXmlCodec {

    private static final String DOC_URL = "(network_definition)";

    private NetworkXmlCodec() {
    }

    // ------------------------------------------------------------------------------------------ parsing

    /**
     * Parses libvirt network XML. A missing {@code <uuid>} gets a random one; a missing bridge name or
     * MAC stays {@code null} for the driver to fill in, as libvirt's network driver does.
     *
     * @throws VirtException {@link ErrorCode#XML_DETAIL} for XML that is not well-formed, else libvirt's code
     *                       for the offending element or attribute (mostly {@link ErrorCode#XML_ERROR})
     */
    public static NetworkDefinition parse(String xml) {
        if (xml == null || xml.isBlank()) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NETWORK, "xml must not be empty");
        }
        Element root = readDocument(xml).getDocumentElement();
        if (!"network".equals(nameOf(root))) {
            throw xmlError("expecting root element of 'network', not '" + nameOf(root) + "'");
        }
        Element nameEl = child(root, "name");
        String name = nameEl == null ? null : nameEl.getTextContent();
        NetworkDefinition.checkName(name);
        UUID uuid = parseUuid(child(root, "uuid"));

        Element forwardEl = child(root, "forward");
        ForwardMode mode = ForwardMode.NONE;
        String forwardDev = null;
        if (forwardEl != null) {
            // <forward/> without a mode means NAT, as in libvirt.
            String modeText = forwardEl.hasAttribute("mode") ? forwardEl.getAttribute("mode") : "nat";
            mode = ForwardMode.ofXmlName(modeText).orElseThrow(() -> unsupportedMode(modeText));
            forwardDev = parseForwardDev(name, mode, forwardEl);
        }

        Element bridgeEl = child(root, "bridge");
        String bridgeName = attr(bridgeEl, "name");
        boolean stp = true;
        long delay = 0;
        if (bridgeEl != null) {
            if (mode == ForwardMode.BRIDGE && (bridgeEl.hasAttribute("stp") || bridgeEl.hasAttribute("delay"))) {
                throw xmlError(NetworkDefinition.bridgeOptionsNotAllowed(name));
            }
            String stpText = attr(bridgeEl, "stp");
            if (stpText != null) {
                stp = switch (stpText) {
                    case "on" -> true;
                    case "off" -> false;
                    default -> throw invalidAttribute("stp", "bridge", stpText);
                };
            }
            String delayText = attr(bridgeEl, "delay");
            if (delayText != null) {
                delay = parseUnsigned(delayText.strip(), () -> xmlError("Invalid delay value in network '" + name
                        + "'"));
            }
        }

        String mac = attr(child(root, "mac"), "address");
        Integer mtu = null;
        String mtuText = attr(child(root, "mtu"), "size");
        if (mtuText != null) {
            long v = parseUnsigned(mtuText, () -> xmlError("Invalid mtu size '" + mtuText + "' in network '" + name
                    + "'"));
            if (v == 0 || v > 65535) {
                throw xmlError("Invalid mtu size '" + mtuText + "' in network '" + name + "'");
            }
            mtu = (int) v;
        }
        String domainName = attr(child(root, "domain"), "name");

        List<NetworkIp> ips = new ArrayList<>();
        for (Element ipEl : children(root, "ip")) {
            ips.add(parseIp(name, ipEl));
        }
        return NetworkDefinition.builder().name(name).uuid(uuid).forwardMode(mode).forwardDev(forwardDev)
                .bridgeName(bridgeName).stp(stp).stpDelay(delay).mac(mac).mtu(mtu).domainName(domainName).ips(ips)
                .build();
    }

    private static String parseForwardDev(String name, ForwardMode mode, Element forwardEl) {
        String dev = attr(forwardEl, "dev");
        List<Element> interfaces = children(forwardEl, "interface");
        if (!interfaces.isEmpty()) {
            String first = attr(interfaces.get(0), "dev");
            if (first == null) {
                throw xmlError("Missing required dev attribute in <forward> <interface> element of network " + name);
            }
            if (dev != null && !dev.equals(first)) {
                throw xmlError("<forward dev='" + dev + "'> must match first <interface dev='" + first
                        + "'/> in network " + name);
            }
            if (interfaces.size() > 1) {
                // libvirt's bridge mode could pool several devices for macvtap; Virtkit forwards through one
                throw xmlError("multiple forwarding interfaces specified for network '" + name
                        + "', only one is supported");
            }
            dev = first;
        }
        return dev;
    }

    private static NetworkIp parseIp(String name, Element ipEl) {
        String family = attr(ipEl, "family");
        String addressText = attr(ipEl, "address");
        if (family != null && !family.equals("ipv4")) {
            if (family.equals("ipv6")) {
                throw unsupported("IPv6 address '" + addressText + "' in network '" + name
                        + "' is not supported by Virtkit");
            }
            throw xmlError("Unrecognized family '" + family + "' in network '" + name + "'");
        }
        if (addressText == null) {
            throw xmlError("Missing required address attribute in network '" + name + "'");
        }
        Inet4Address address = Ipv4.parse(addressText.strip());
        if (address == null) {
            if (addressText.indexOf(':') >= 0) {
                throw unsupported((family == null ? "no" : "ipv4") + " family specified for non-IPv4 address '"
                        + addressText + "' in network '" + name + "'");
            }
            throw xmlError("Invalid address '" + addressText + "' in network '" + name + "'");
        }
        Inet4Address netmask = null;
        String netmaskText = attr(ipEl, "netmask");
        if (netmaskText != null) {
            netmask = Ipv4.parse(netmaskText.strip());
            if (netmask == null) {
                if (netmaskText.indexOf(':') >= 0) {
                    throw unsupported("Invalid netmask '" + netmaskText + "' for address '" + addressText
                            + "' in network '" + name + "' (both must be IPv4)");
                }
                throw xmlError("Invalid netmask '" + netmaskText + "' in network '" + name + "'");
            }
        }
        Integer prefix = null;
        String prefixText = attr(ipEl, "prefix");
        if (prefixText != null) {
            long p = parseUnsigned(prefixText, () -> xmlError("Invalid value for attribute 'prefix' in element 'ip': '"
                    + prefixText + "'. Expected non-negative integer value"));
            if (p > 32) {
                throw unsupported("Invalid IPv4 prefix '" + prefixText + "' in network '" + name + "'");
            }
            // libvirt treats prefix='0' as no prefix at all
            prefix = p == 0 ? null : (int) p;
        }
        List<DhcpRange> ranges = new ArrayList<>();
        List<DhcpHost> hosts = new ArrayList<>();
        Element dhcp = child(ipEl, "dhcp");
        for (Element r : children(dhcp, "range")) {
            String start = attr(r, "start");
            if (start == null) {
                throw xmlError("Missing 'start' attribute in dhcp range for network '" + name + "'");
            }
            String end = attr(r, "end");
            if (end == null) {
                throw xmlError("Missing 'end' attribute in dhcp range for network '" + name + "'");
            }
            Inet4Address s = Ipv4.parse(start.strip());
            Inet4Address e = Ipv4.parse(end.strip());
            if (s == null || e == null) {
                throw xmlError("Invalid dhcp range '" + start + "' to '" + end + "' in network '" + name + "'");
            }
            ranges.add(new DhcpRange(s, e));
        }
        for (Element h : children(dhcp, "host")) {
            String ipText = attr(h, "ip");
            Inet4Address hostIp = ipText == null ? null : Ipv4.parse(ipText.strip());
            if (ipText != null && hostIp == null) {
                throw xmlError("Invalid IP address in static host definition for network '" + name + "'");
            }
            String mac = attr(h, "mac");
            String hostName = attr(h, "name");
            if (mac == null && hostName == null) {
                throw xmlError("Static host definition in IPv4 network '" + name
                        + "' must have mac or name attribute");
            }
            if (hostIp == null) {
                throw xmlError("Missing IP address in static host definition for network '" + name + "'");
            }
            hosts.add(new DhcpHost(mac, hostName, hostIp));
        }
        return new NetworkIp(address, netmask, prefix, ranges, hosts);
    }

    private static long parseUnsigned(String text, java.util.function.Supplier<VirtException> error) {
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw error.get();
        }
        return Long.parseLong(text);
    }

    /** libvirt's UUID syntax; a random UUID when the element is absent. */
    private static UUID parseUuid(Element el) {
        if (el == null) {
            return UUID.randomUUID();
        }
        UUID uuid = SecureXml.parseUuid(el.getTextContent());
        if (uuid == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.NETWORK, "malformed uuid element");
        }
        return uuid;
    }

    private static Document readDocument(String xml) {
        return SecureXml.read(xml, ErrorDomain.NETWORK, DOC_URL);
    }

    // ------------------------------------------------------------------------------------------ formatting

    /** The XML of a definition, as {@code virsh net-dumpxml} prints it. */
    public static String format(NetworkDefinition def) {
        XmlWriter w = new XmlWriter();
        w.open("network");
        w.text("name", def.name());
        w.text("uuid", def.uuid().toString());
        if (def.forwardMode() != ForwardMode.NONE) {
            String mode = def.forwardMode().xmlName();
            if (def.forwardDev() == null) {
                w.empty("forward", "mode", mode);
            } else {
                // libvirt writes the device twice: as the attribute and as the first <interface>
                w.open("forward", "dev", def.forwardDev(), "mode", mode);
                w.empty("interface", "dev", def.forwardDev());
                w.close("forward");
            }
        }
        if (def.forwardMode().managesBridge()) {
            w.empty("bridge", "name", def.bridgeName(), "stp", def.stp() ? "on" : "off",
                    "delay", Long.toString(def.stpDelay()));
        } else {
            w.empty("bridge", "name", def.bridgeName());
        }
        if (def.mtu() != null) {
            w.empty("mtu", "size", def.mtu().toString());
        }
        if (def.mac() != null) {
            w.empty("mac", "address", def.mac());
        }
        if (def.domainName() != null) {
            w.empty("domain", "name", def.domainName());
        }
        for (NetworkIp ip : def.ips()) {
            String[] attrs = {"address", ip.address().getHostAddress(),
                "netmask", ip.netmask() == null ? null : ip.netmask().getHostAddress(),
                "prefix", ip.prefixLength() == null ? null : ip.prefixLength().toString()};
            if (!ip.hasDhcp()) {
                w.empty("ip", attrs);
                continue;
            }
            w.open("ip", attrs);
            w.open("dhcp");
            for (DhcpRange r : ip.dhcpRanges()) {
                w.empty("range", "start", r.start().getHostAddress(), "end", r.end().getHostAddress());
            }
            for (DhcpHost h : ip.dhcpHosts()) {
                w.empty("host", "mac", h.mac(), "name", h.name(), "ip", h.ip().getHostAddress());
            }
            w.close("dhcp");
            w.close("ip");
        }
        w.close("network");
        return w.toString();
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static String nameOf(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getNodeName();
    }

    private static Element child(Element parent, String name) {
        List<Element> list = children(parent, name);
        return list.isEmpty() ? null : list.get(0);
    }

    /** Child elements called {@code name} in no namespace; metadata in namespaces is skipped. */
    private static List<Element> children(Element parent, String name) {
        List<Element> result = new ArrayList<>();
        if (parent == null) {
            return result;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getNamespaceURI() == null && name.equals(nameOf(e))) {
                result.add(e);
            }
        }
        return result;
    }

    private static String attr(Element e, String name) {
        return e != null && e.hasAttribute(name) ? e.getAttribute(name) : null;
    }

    private static VirtException xmlError(String detail) {
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.NETWORK, detail);
    }

    private static VirtException unsupported(String detail) {
        return new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.NETWORK, detail);
    }

    private static VirtException unsupportedMode(String mode) {
        if (List.of("open", "private", "vepa", "passthrough", "hostdev").contains(mode)) {
            return unsupported("forward mode '" + mode + "' is not supported by Virtkit");
        }
        return unsupported("unknown forwarding type '" + mode + "'");
    }

    private static VirtException invalidAttribute(String attribute, String element, String value) {
        return xmlError("Invalid value for attribute '" + attribute + "' in element '" + element + "': '" + value
                + "'.");
    }
}
