package io.virtkit.model.internal.network;

import static io.virtkit.model.internal.netcommon.XmlElements.attr;
import static io.virtkit.model.internal.netcommon.XmlElements.child;
import static io.virtkit.model.internal.netcommon.XmlElements.children;
import static io.virtkit.model.internal.netcommon.XmlElements.nameOf;
import static io.virtkit.model.internal.netcommon.XmlElements.text;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.internal.netcommon.BandwidthXml;
import io.virtkit.model.internal.netcommon.IpRouteXml;
import io.virtkit.model.internal.netcommon.PortOptionsXml;
import io.virtkit.model.internal.netcommon.VirtualPortXml;
import io.virtkit.model.internal.netcommon.VlanXml;
import io.virtkit.model.internal.netcommon.XmlElements;
import io.virtkit.model.internal.xml.SecureXml;
import io.virtkit.model.internal.xml.XmlWriter;
import io.virtkit.model.netcommon.IpRoute;
import io.virtkit.model.network.MacTableManager;
import io.virtkit.model.network.NetworkBridge;
import io.virtkit.model.network.NetworkDefinition;
import io.virtkit.model.network.NetworkForward;
import io.virtkit.model.network.NetworkIp;
import io.virtkit.model.network.PortGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The {@code <network>} element: its attributes and simple children here, each element family in its own
 * codec ({@link ForwardXml}, {@link IpXml}, {@link DnsXml}, {@link PortGroupXml}, {@link MetadataXml}, and the
 * shared ones of {@code internal.netcommon}). Elements are written in libvirt's order.
 */
public final class NetworkXml {
    /** The namespace of {@code <dnsmasq:options>}. */
    public static final String DNSMASQ_NS = "http://libvirt.org/schemas/network/dnsmasq/1.0";
    private static final ErrorDomain D = ErrorDomain.NETWORK;
    private static final String DOC_URL = "(network_definition)";

    private NetworkXml() {
    }

    public static NetworkDefinition parse(String xml) {
        if (xml == null || xml.isBlank()) {
            throw new VirtException(ErrorCode.INVALID_ARG, D, "xml must not be empty");
        }
        Element root = SecureXml.read(xml, D, DOC_URL).getDocumentElement();
        if (!"network".equals(nameOf(root))) {
            throw XmlElements.xmlError(D, "expecting root element of 'network', not '" + nameOf(root) + "'");
        }
        Element nameEl = child(root, "name");
        String name = nameEl == null ? null : nameEl.getTextContent();
        NetworkDefinition.checkName(name);
        NetworkForward forward = ForwardXml.parse(child(root, "forward"), name);
        List<NetworkIp> ips = new ArrayList<>();
        for (Element ipEl : children(root, "ip")) {
            ips.add(IpXml.parse(ipEl, name));
        }
        List<IpRoute> routes = new ArrayList<>();
        for (Element r : children(root, "route")) {
            routes.add(IpRouteXml.parse(r, name, D));
        }
        List<PortGroup> groups = new ArrayList<>();
        for (Element p : children(root, "portgroup")) {
            groups.add(PortGroupXml.parse(p));
        }
        return NetworkDefinition.builder().name(name).uuid(uuid(child(root, "uuid")))
                .connections(XmlElements.unsignedInt(root, "connections", Integer.MAX_VALUE, D))
                .ipv6(ipv6(root, name))
                .trustGuestRxFilters(XmlElements.yesNo(root, "trustGuestRxFilters", D))
                .metadata(MetadataXml.parse(child(root, "metadata"))).forward(forward)
                .bridge(bridge(child(root, "bridge"), forward, name)).mtu(mtu(child(root, "mtu"), name))
                .mac(attr(child(root, "mac"), "address")).domain(DnsXml.parseDomain(child(root, "domain")))
                .dns(DnsXml.parse(child(root, "dns"), name))
                .bandwidth(BandwidthXml.parse(child(root, "bandwidth"), false, D))
                .vlan(VlanXml.parse(child(root, "vlan"), D)).port(PortOptionsXml.parse(child(root, "port"), D))
                .ips(ips).routes(routes).virtualPort(VirtualPortXml.parse(child(root, "virtualport"), true, D))
                .portGroups(groups).dnsmasqOptions(dnsmasqOptions(root)).build();
    }

    private static Boolean ipv6(Element root, String name) {
        String v = attr(root, "ipv6");
        if (v != null && !v.equals("yes") && !v.equals("no")) {
            throw XmlElements.xmlError(D, "Invalid ipv6 setting '" + v + "' in network '" + name + "'");
        }
        return v == null ? null : v.equals("yes");
    }

    private static NetworkBridge bridge(Element el, NetworkForward forward, String name) {
        if (el == null) {
            return NetworkBridge.DEFAULT;
        }
        if (forward != null && !forward.mode().managesBridge()
                && (el.hasAttribute("stp") || el.hasAttribute("delay") || el.hasAttribute("zone"))) {
            throw XmlElements.xmlError(D, "bridge delay/stp/zone options only allowed in route, nat, and isolated"
                    + " mode, not in " + forward.mode().xmlName() + " (network '" + name + "')");
        }
        Boolean stp = XmlElements.onOff(el, "stp", D);
        long delay = 0;
        String delayText = attr(el, "delay");
        if (delayText != null) {
            String t = delayText.strip();
            if (t.isEmpty() || t.length() > 18 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw XmlElements.xmlError(D, "Invalid delay value in network '" + name + "'");
            }
            delay = Long.parseLong(t);
        }
        String zone = attr(el, "zone");
        if (zone != null && !zone.matches("[a-zA-Z0-9_\\-]+")) {
            throw XmlElements.xmlError(D, "invalid character in firewall zone '" + zone + "' of network '" + name
                    + "'");
        }
        String mtm = attr(el, "macTableManager");
        MacTableManager manager = null;
        if (mtm != null) {
            manager = switch (mtm) {
                case "kernel" -> MacTableManager.KERNEL;
                case "libvirt" -> MacTableManager.LIBVIRT;
                default -> throw XmlElements.xmlError(D, "Invalid macTableManager setting '" + mtm
                        + "' in network '" + name + "'");
            };
        }
        return new NetworkBridge(attr(el, "name"), zone, stp == null || stp, delay, manager);
    }

    private static Integer mtu(Element el, String name) {
        String text = attr(el, "size");
        if (text == null) {
            return null;
        }
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(text) == 0 || Integer.parseInt(text) > 65535) {
            throw XmlElements.xmlError(D, "Invalid mtu size '" + text + "' in network '" + name + "'");
        }
        return Integer.parseInt(text);
    }

    private static List<String> dnsmasqOptions(Element root) {
        List<String> values = new ArrayList<>();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && DNSMASQ_NS.equals(e.getNamespaceURI()) && "options".equals(nameOf(e))) {
                for (Node o = e.getFirstChild(); o != null; o = o.getNextSibling()) {
                    if (o instanceof Element opt && DNSMASQ_NS.equals(opt.getNamespaceURI())
                            && "option".equals(nameOf(opt))) {
                        String v = attr(opt, "value");
                        if (v == null) {
                            throw XmlElements.xmlError(D, "No dnsmasq options value specified");
                        }
                        values.add(v);
                    }
                }
            }
        }
        return values;
    }

    /** libvirt's UUID syntax; a random UUID when the element is absent. */
    private static UUID uuid(Element el) {
        if (el == null) {
            return UUID.randomUUID();
        }
        UUID uuid = SecureXml.parseUuid(el.getTextContent());
        if (uuid == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, D, "malformed uuid element");
        }
        return uuid;
    }

    /** The XML of a definition, as {@code virsh net-dumpxml} prints it. */
    public static String format(NetworkDefinition def) {
        XmlWriter w = new XmlWriter();
        w.open("network", "connections", text(def.connections()), "ipv6", XmlElements.yesNo(def.ipv6()),
                "trustGuestRxFilters", XmlElements.yesNo(def.trustGuestRxFilters()),
                "xmlns:dnsmasq", def.dnsmasqOptions().isEmpty() ? null : DNSMASQ_NS);
        w.text("name", def.name());
        w.text("uuid", def.uuid().toString());
        MetadataXml.write(w, def.metadata());
        ForwardXml.write(w, def.forward());
        NetworkBridge b = def.bridge();
        if (def.forwardMode().managesBridge()) {
            w.empty("bridge", "name", b.name(), "zone", b.zone(), "stp", b.stp() ? "on" : "off",
                    "delay", Long.toString(b.delay()), "macTableManager", managerName(b));
        } else if (b.name() != null || b.macTableManager() != null) {
            w.empty("bridge", "name", b.name(), "macTableManager", managerName(b));
        }
        if (def.mtu() != null) {
            w.empty("mtu", "size", def.mtu().toString());
        }
        if (def.mac() != null) {
            w.empty("mac", "address", def.mac());
        }
        DnsXml.writeDomain(w, def.domain());
        DnsXml.write(w, def.dns());
        VlanXml.write(w, def.vlan());
        BandwidthXml.write(w, def.bandwidth());
        PortOptionsXml.write(w, def.port());
        for (NetworkIp ip : def.ips()) {
            IpXml.write(w, ip);
        }
        for (IpRoute r : def.routes()) {
            IpRouteXml.write(w, r);
        }
        VirtualPortXml.write(w, def.virtualPort());
        for (PortGroup p : def.portGroups()) {
            PortGroupXml.write(w, p);
        }
        if (!def.dnsmasqOptions().isEmpty()) {
            w.open("dnsmasq:options");
            for (String o : def.dnsmasqOptions()) {
                w.empty("dnsmasq:option", "value", o);
            }
            w.close("dnsmasq:options");
        }
        w.close("network");
        return w.toString();
    }

    private static String managerName(NetworkBridge b) {
        return b.macTableManager() == null ? null : b.macTableManager().xmlName();
    }
}
