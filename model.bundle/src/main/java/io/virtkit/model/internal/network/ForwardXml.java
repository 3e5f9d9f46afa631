package io.virtkit.model.internal.network;

import static io.virtkit.model.internal.netcommon.XmlElements.attr;
import static io.virtkit.model.internal.netcommon.XmlElements.child;
import static io.virtkit.model.internal.netcommon.XmlElements.children;
import static io.virtkit.model.internal.netcommon.XmlElements.text;

import io.virtkit.api.ErrorDomain;
import io.virtkit.model.internal.netcommon.IpAddresses;
import io.virtkit.model.internal.netcommon.XmlElements;
import io.virtkit.model.internal.xml.XmlWriter;
import io.virtkit.model.network.ForwardInterface;
import io.virtkit.model.network.ForwardMode;
import io.virtkit.model.network.ForwardPciAddress;
import io.virtkit.model.network.NetworkForward;
import io.virtkit.model.network.NetworkNat;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/** A network's {@code <forward>} with its interfaces, PCI addresses, PF, driver and NAT ranges. */
final class ForwardXml {
    private static final ErrorDomain D = ErrorDomain.NETWORK;

    private ForwardXml() {
    }

    static NetworkForward parse(Element el, String name) {
        if (el == null) {
            return null;
        }
        // <forward/> without a mode means NAT, as in libvirt.
        String modeText = el.hasAttribute("mode") ? el.getAttribute("mode") : "nat";
        ForwardMode mode = ForwardMode.ofXmlName(modeText).orElseThrow(() -> XmlElements.unsupported(D,
                "unknown forwarding type '" + modeText + "'"));
        Boolean managed = XmlElements.yesNo(el, "managed", D);
        Element driver = child(el, "driver");
        String driverName = attr(driver, "name");
        if (driver != null && !"kvm".equals(driverName) && !"vfio".equals(driverName)) {
            throw XmlElements.unsupported(D, "Unknown forward <driver name='" + driverName + "'/> in network "
                    + name);
        }
        List<Element> pfs = children(el, "pf");
        if (pfs.size() > 1) {
            throw XmlElements.xmlError(D, "Only one <pf> element is allowed in <forward> of network " + name);
        }
        String pf = null;
        if (!pfs.isEmpty()) {
            pf = attr(pfs.get(0), "dev");
            if (pf == null) {
                throw XmlElements.xmlError(D, "Missing required dev attribute in <pf> element of network '" + name
                        + "'");
            }
        }
        String dev = attr(el, "dev");
        List<Element> addressEls = children(el, "address");
        if (dev != null && (!addressEls.isEmpty() || pf != null)) {
            throw XmlElements.xmlError(D, "the <forward> 'dev' attribute cannot be used when <address> or <pf>"
                    + " sub-elements are present in network " + name);
        }
        List<ForwardInterface> interfaces = new ArrayList<>();
        if (dev != null) {
            // libvirt keeps the dev attribute as the first interface
            interfaces.add(new ForwardInterface(dev, null));
        }
        List<Element> interfaceEls = children(el, "interface");
        for (int n = 0; n < interfaceEls.size(); n++) {
            Element i = interfaceEls.get(n);
            String d = attr(i, "dev");
            if (d == null) {
                throw XmlElements.xmlError(D, "Missing required dev attribute in <forward> <interface> element of"
                        + " network " + name);
            }
            Integer connections = XmlElements.unsignedInt(i, "connections", Integer.MAX_VALUE, D);
            if (n == 0 && dev != null) {
                if (!dev.equals(d)) {
                    throw XmlElements.xmlError(D, "<forward dev='" + dev + "'> must match first <interface dev='" + d
                            + "'/> in network " + name);
                }
                interfaces.set(0, new ForwardInterface(d, connections));
                continue;
            }
            if (interfaces.stream().anyMatch(f -> f.dev().equals(d))) {
                throw XmlElements.xmlError(D, "interface '" + d + "' can only be listed once in network " + name);
            }
            interfaces.add(new ForwardInterface(d, connections));
        }
        List<ForwardPciAddress> addresses = new ArrayList<>();
        for (Element a : interfaces.isEmpty() ? addressEls : List.<Element>of()) {
            String type = attr(a, "type");
            if (type == null) {
                throw XmlElements.xmlError(D, "missing address type in network " + name);
            }
            if (!"pci".equals(type)) {
                throw XmlElements.unsupported(D, "unknown address type '" + type + "' in network " + name);
            }
            ForwardPciAddress pci = new ForwardPciAddress(pci(a, "domain", 0xFFFF), pci(a, "bus", 0xFF),
                    pci(a, "slot", 0x1F), pci(a, "function", 7), XmlElements.onOff(a, "multifunction", D),
                    XmlElements.unsignedInt(a, "connections", Integer.MAX_VALUE, D));
            if (addresses.stream().anyMatch(x -> x.domain() == pci.domain() && x.bus() == pci.bus()
                    && x.slot() == pci.slot() && x.function() == pci.function())) {
                throw XmlElements.xmlError(D, String.format("PCI device '%04x:%02x:%02x.%x' can only be listed once"
                        + " in network %s", pci.domain(), pci.bus(), pci.slot(), pci.function(), name));
            }
            addresses.add(pci);
        }
        return new NetworkForward(mode, managed, driverName, nat(child(el, "nat"), mode, name), pf, interfaces, addresses);
    }

    private static int pci(Element a, String attribute, int max) {
        String v = attr(a, attribute);
        if (v == null) {
            return 0;
        }
        String t = v.strip();
        int radix = 10;
        if (t.startsWith("0x") || t.startsWith("0X")) {
            t = t.substring(2);
            radix = 16;
        }
        try {
            int n = Integer.parseInt(t, radix);
            if (n >= 0 && n <= max && !t.isEmpty() && Character.digit(t.charAt(0), radix) >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw XmlElements.xmlError(D, "Invalid PCI address " + attribute + "='" + v + "', must be <= 0x"
                + Integer.toHexString(max));
    }

    private static NetworkNat nat(Element el, ForwardMode mode, String name) {
        if (el == null) {
            return null;
        }
        List<Element> addresses = children(el, "address");
        List<Element> ports = children(el, "port");
        if (addresses.size() > 1 || ports.size() > 1) {
            throw XmlElements.xmlError(D, "Only one <" + (addresses.size() > 1 ? "address" : "port")
                    + "> element is allowed in <nat> in <forward> in network " + name);
        }
        if (mode != ForwardMode.NAT) {
            throw XmlElements.xmlError(D, "The <nat> element can only be used when <forward> 'mode' is 'nat' in"
                    + " network " + name);
        }
        InetAddress start = null;
        InetAddress end = null;
        if (!addresses.isEmpty()) {
            start = natAddress(addresses.get(0), "start", name);
            end = natAddress(addresses.get(0), "end", name);
            if (IpAddresses.toNumber(end).compareTo(IpAddresses.toNumber(start)) < 0) {
                throw new io.virtkit.api.VirtException(io.virtkit.api.ErrorCode.INTERNAL_ERROR, D, "range "
                        + IpAddresses.format(start) + " - " + IpAddresses.format(end) + " is reversed");
            }
        }
        Integer portStart = null;
        Integer portEnd = null;
        if (!ports.isEmpty()) {
            Element p = ports.get(0);
            portStart = port(p, "start", 0, name);
            portEnd = port(p, "end", portStart, name);
        }
        return new NetworkNat(XmlElements.yesNo(el, "ipv6", D), start, end, portStart, portEnd);
    }

    /** A NAT port of at least {@code min}; libvirt reports a bad one as an XML detail. */
    private static int port(Element p, String attribute, int min, String name) {
        String v = attr(p, attribute);
        String t = v == null ? "" : v.strip();
        if (t.isEmpty() || t.length() > 5 || !t.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(t) > 65535 || Integer.parseInt(t) < min) {
            throw new io.virtkit.api.VirtException(io.virtkit.api.ErrorCode.XML_DETAIL, D, "Missing or invalid '"
                    + attribute + "' attribute in <port> in <nat> in <forward> in network " + name);
        }
        return Integer.parseInt(t);
    }

    private static InetAddress natAddress(Element a, String attribute, String name) {
        String v = attr(a, attribute);
        if (v == null) {
            throw XmlElements.xmlError(D, "missing '" + attribute + "' attribute in <address> element in <nat> in"
                    + " <forward> in network " + name);
        }
        InetAddress ip = IpAddresses.parse(v);
        if (!(ip instanceof Inet4Address)) {
            throw XmlElements.xmlError(D, "Bad ipv4 " + attribute + " address '" + v + "' in <nat> in <forward> in"
                    + " network '" + name + "'");
        }
        return ip;
    }

    static void write(XmlWriter w, NetworkForward f) {
        if (f == null) {
            return;
        }
        // as libvirt: the dev attribute repeats the first interface, and is left out with a PF
        String dev = f.pf() == null && !f.interfaces().isEmpty() ? f.interfaces().get(0).dev() : null;
        String[] attrs = {"dev", dev, "mode", f.mode().xmlName(), "managed", XmlElements.yesNo(f.managed())};
        if (f.nat() == null && f.pf() == null && f.driverName() == null && f.addresses().isEmpty()
                && f.interfaces().isEmpty()) {
            w.empty("forward", attrs);
            return;
        }
        w.open("forward", attrs);
        if (f.driverName() != null) {
            w.empty("driver", "name", f.driverName());
        }
        NetworkNat nat = f.nat();
        if (nat != null) {
            if (nat.addressStart() == null && nat.portStart() == null) {
                w.empty("nat", "ipv6", XmlElements.yesNo(nat.ipv6()));
            } else {
                w.open("nat", "ipv6", XmlElements.yesNo(nat.ipv6()));
                if (nat.addressStart() != null) {
                    w.empty("address", "start", IpAddresses.format(nat.addressStart()), "end",
                            IpAddresses.format(nat.addressEnd()));
                }
                if (nat.portStart() != null) {
                    w.empty("port", "start", text(nat.portStart()), "end", text(nat.portEnd()));
                }
                w.close("nat");
            }
        }
        if (f.pf() != null) {
            w.empty("pf", "dev", f.pf());
        }
        for (ForwardInterface i : f.interfaces()) {
            w.empty("interface", "dev", i.dev(), "connections", text(i.connections()));
        }
        for (ForwardPciAddress a : f.addresses()) {
            w.empty("address", "type", "pci", "domain", String.format("0x%04x", a.domain()),
                    "bus", String.format("0x%02x", a.bus()), "slot", String.format("0x%02x", a.slot()),
                    "function", String.format("0x%x", a.function()),
                    "multifunction", XmlElements.onOff(a.multifunction()), "connections", text(a.connections()));
        }
        w.close("forward");
    }
}
