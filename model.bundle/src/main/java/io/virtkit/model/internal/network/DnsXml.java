package io.virtkit.model.internal.network;

import static io.virtkit.model.internal.netcommon.XmlElements.attr;
import static io.virtkit.model.internal.netcommon.XmlElements.children;
import static io.virtkit.model.internal.netcommon.XmlElements.text;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.internal.netcommon.IpAddresses;
import io.virtkit.model.internal.netcommon.XmlElements;
import io.virtkit.model.internal.xml.XmlWriter;
import io.virtkit.model.network.DnsForwarder;
import io.virtkit.model.network.DnsHost;
import io.virtkit.model.network.DnsSrv;
import io.virtkit.model.network.DnsTxt;
import io.virtkit.model.network.NetworkDns;
import io.virtkit.model.network.NetworkDomain;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/** A network's {@code <dns>} (forwarders, TXT, SRV and host records) and {@code <domain>}. */
final class DnsXml {
    private static final ErrorDomain D = ErrorDomain.NETWORK;

    private DnsXml() {
    }

    static NetworkDomain parseDomain(Element el) {
        if (el == null) {
            return null;
        }
        String name = attr(el, "name");
        return name == null ? null : new NetworkDomain(name, XmlElements.yesNo(el, "localOnly", D));
    }

    static void writeDomain(XmlWriter w, NetworkDomain d) {
        if (d != null) {
            w.empty("domain", "name", d.name(), "localOnly", XmlElements.yesNo(d.localOnly()));
        }
    }

    static NetworkDns parse(Element el, String name) {
        if (el == null) {
            return null;
        }
        List<DnsForwarder> forwarders = new ArrayList<>();
        for (Element f : children(el, "forwarder")) {
            String addr = attr(f, "addr");
            InetAddress a = addr == null ? null : IpAddresses.parse(addr);
            if (addr != null && a == null) {
                throw XmlElements.xmlError(D, "Invalid forwarder IP address '" + addr + "' in network '" + name + "'");
            }
            if (a == null && attr(f, "domain") == null) {
                throw XmlElements.xmlError(D, "Invalid forwarder element, must contain at least one of addr or"
                        + " domain");
            }
            forwarders.add(new DnsForwarder(a, attr(f, "domain")));
        }
        List<DnsHost> hosts = new ArrayList<>();
        for (Element h : children(el, "host")) {
            hosts.add(host(h, name));
        }
        List<DnsSrv> srvs = new ArrayList<>();
        for (Element s : children(el, "srv")) {
            srvs.add(srv(s, name));
        }
        List<DnsTxt> txts = new ArrayList<>();
        for (Element t : children(el, "txt")) {
            txts.add(txt(t, name));
        }
        return new NetworkDns(XmlElements.yesNo(el, "enable", D), XmlElements.yesNo(el, "forwardPlainNames", D),
                forwarders, txts, srvs, hosts);
    }

    private static DnsHost host(Element h, String name) {
        List<String> names = new ArrayList<>();
        for (Element hn : children(h, "hostname")) {
            String text = hn.getTextContent().strip();
            if (text.isEmpty()) {
                throw detail("Missing hostname in network '" + name + "' DNS HOST record");
            }
            names.add(text);
        }
        if (names.isEmpty()) {
            throw detail("Missing hostname in network '" + name + "' DNS HOST record");
        }
        String ipText = attr(h, "ip");
        if (ipText == null) {
            throw detail("Missing IP address in network '" + name + "' DNS HOST record");
        }
        InetAddress ip = IpAddresses.parse(ipText);
        if (ip == null) {
            throw detail("Invalid IP address in network '" + name + "' DNS HOST record");
        }
        return new DnsHost(ip, names);
    }

    private static DnsSrv srv(Element s, String name) {
        String service = attr(s, "service");
        if (service == null) {
            throw detail("missing required service attribute in DNS SRV record of network '" + name + "'");
        }
        if (service.length() > 15) {
            throw detail("service attribute '" + service + "' in network '" + name
                    + "' is too long, limit is 15 bytes");
        }
        if (!service.matches("[a-zA-Z0-9_\\-+/*]*")) {
            throw detail("invalid character in service attribute '" + service + "' in DNS SRV record of network '"
                    + name + "'");
        }
        String protocol = attr(s, "protocol");
        if (protocol == null) {
            throw detail("missing required protocol attribute in DNS SRV record '" + service + "' of network '" + name
                    + "'");
        }
        if (!protocol.matches("[a-zA-Z0-9\\-+/]*")) {
            throw detail("invalid character in protocol attribute '" + protocol + "' in DNS SRV record of network '"
                    + name + "'");
        }
        String target = attr(s, "target");
        Integer port = srvNumber(s, "port", 1, target, service, name, "invalid");
        Integer priority = srvNumber(s, "priority", 0, target, service, name, "Invalid");
        Integer weight = srvNumber(s, "weight", 0, target, service, name, "invalid");
        return new DnsSrv(service, protocol, attr(s, "domain"), target, port, priority, weight);
    }

    /** An SRV number: only with a target, within min..65535, with libvirt's (inconsistently cased) wording. */
    private static Integer srvNumber(Element s, String attribute, int min, String target, String service,
            String name, String invalid) {
        String v = attr(s, attribute);
        if (v == null) {
            return null;
        }
        if (target == null) {
            throw detail("DNS SRV " + attribute + " attribute not permitted without target for service '" + service
                    + "' in network '" + name + "'");
        }
        String t = v.strip();
        if (t.isEmpty() || t.length() > 5 || !t.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(t) < min || Integer.parseInt(t) > 65535) {
            throw detail(invalid + " DNS SRV " + attribute + " attribute for service '" + service + "' in network '"
                    + name + "'");
        }
        return Integer.parseInt(t);
    }

    private static DnsTxt txt(Element t, String name) {
        String n = attr(t, "name");
        if (n == null) {
            throw detail("missing required name attribute in DNS TXT record of network " + name);
        }
        if (n.contains(" ") || n.contains(",")) {
            throw detail("prohibited character in DNS TXT record name '" + n + "' of network " + name);
        }
        String v = attr(t, "value");
        if (v == null) {
            throw detail("missing required value attribute in DNS TXT record named '" + n + "' of network " + name);
        }
        return new DnsTxt(n, v);
    }

    private static VirtException detail(String message) {
        return new VirtException(ErrorCode.XML_DETAIL, D, message);
    }

    static void write(XmlWriter w, NetworkDns dns) {
        if (dns == null) {
            return;
        }
        String[] attrs = {"enable", XmlElements.yesNo(dns.enable()),
            "forwardPlainNames", XmlElements.yesNo(dns.forwardPlainNames())};
        if (dns.hasNoRecords()) {
            w.empty("dns", attrs);
            return;
        }
        w.open("dns", attrs);
        for (DnsForwarder f : dns.forwarders()) {
            w.empty("forwarder", "domain", f.domain(), "addr", IpAddresses.format(f.address()));
        }
        for (DnsTxt t : dns.txts()) {
            w.empty("txt", "name", t.name(), "value", t.value());
        }
        for (DnsSrv s : dns.srvs()) {
            w.empty("srv", "service", s.service(), "protocol", s.protocol(), "domain", s.domain(),
                    "target", s.target(), "port", text(s.port()), "priority", text(s.priority()),
                    "weight", text(s.weight()));
        }
        for (DnsHost h : dns.hosts()) {
            w.open("host", "ip", IpAddresses.format(h.ip()));
            for (String n : h.hostnames()) {
                w.text("hostname", n);
            }
            w.close("host");
        }
        w.close("dns");
    }
}
