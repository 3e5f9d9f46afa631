package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.DiskHost;
import io.virtkit.model.domain.HostdevDevice;
import io.virtkit.model.domain.HostdevDevice.Ip;
import io.virtkit.model.domain.HostdevDevice.Route;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The networked parts of a {@code <hostdev>}: a SCSI device's host adapter or iSCSI source, a container
 * interface's addresses and routes, and a PCI device's failover teaming. For {@link HostdevXml}.
 */
final class HostdevNetXml {

    private static final Set<String> FAMILIES = Set.of("ipv4", "ipv6");
    private static final Set<String> TEAMING = Set.of("persistent", "transient");

    private HostdevNetXml() {
    }

    /**
     * The {@code <adapter>} of a SCSI source, which libvirt takes by name only: an adapter given by its parent's
     * address or as a Fibre Channel host (the schema's other forms, shared with storage pools) has none and is
     * refused as libvirt refuses it; {@code type='scsi_host'} is the default and, as in libvirt, not kept.
     */
    static XmlCursor adapter(XmlCursor source) {
        XmlCursor adapter = source.child("adapter");
        if (adapter == null) {
            throw DomainErrors.xmlError("missing SCSI host adapter");
        }
        String type = adapter.attr("type");
        if (type != null && !type.equals("scsi_host") && !type.equals("fc_host")) {
            throw DomainErrors.invalidAttribute("type", "adapter", type);
        }
        if (adapter.attr("name") == null) {
            throw DomainErrors.xmlError("'adapter' name is required");
        }
        return adapter;
    }

    /** The iSCSI source of a SCSI host device. */
    static HostdevDevice.Iscsi iscsi(XmlCursor source) {
        String name = source.attr("name");
        if (name == null) {
            throw DomainErrors.xmlError("missing iSCSI hostdev source path name");
        }
        List<DiskHost> hosts = new ArrayList<>();
        for (XmlCursor h : source.children("host")) {
            if (h.attr("name") == null) {
                throw DomainErrors.xmlError("missing name for host");
            }
            hosts.add(new DiskHost(h.attr("name"), h.attr("port"), null, null));
        }
        if (hosts.size() != 1) {
            throw DomainErrors.xmlError("only one source host address may be specified for the iSCSI hostdev");
        }
        XmlCursor auth = source.child("auth");
        XmlCursor initiator = source.child("initiator");
        XmlCursor iqn = initiator == null ? null : initiator.child("iqn");
        return new HostdevDevice.Iscsi(name, hosts, auth == null ? null : DiskSourceXml.auth(auth),
                iqn == null ? null : iqn.attr("name"));
    }

    static List<Ip> ips(XmlCursor h) {
        List<Ip> ips = new ArrayList<>();
        for (XmlCursor ip : h.children("ip")) {
            if (ip.attr("address") == null) {
                throw DomainErrors.xmlError("Missing required address in <ip>");
            }
            ips.add(new Ip(ip.attr("address"), DomainErrors.choice(ip, "family", FAMILIES),
                    DomainErrors.unsigned(ip, "prefix"), ip.attr("peer")));
        }
        return ips;
    }

    static List<Route> routes(XmlCursor h) {
        List<Route> routes = new ArrayList<>();
        for (XmlCursor r : h.children("route")) {
            if (r.attr("address") == null) {
                throw DomainErrors.xmlError("Missing required address attribute in route definition");
            }
            if (r.attr("gateway") == null) {
                throw DomainErrors.xmlError("Missing required gateway attribute in route definition");
            }
            Integer metric = DomainErrors.unsigned(r, "metric");
            routes.add(new Route(DomainErrors.choice(r, "family", FAMILIES), r.attr("address"), r.attr("netmask"),
                    DomainErrors.unsigned(r, "prefix"), r.attr("gateway"), metric == null ? null : (long) metric));
        }
        return routes;
    }

    static HostdevDevice.Teaming teaming(XmlCursor t) {
        if (t == null) {
            return null;
        }
        String type = t.attr("type");
        if (type == null) {
            throw DomainErrors.xmlError("missing teaming type (should be 'persistent' or 'transient')");
        }
        if (!TEAMING.contains(type)) {
            throw DomainErrors.xmlError("unknown teaming type '" + type + "'");
        }
        String persistent = t.attr("persistent");
        if (type.equals("transient") && persistent == null) {
            throw DomainErrors.xmlError("teaming persistent attribute must be set if teaming type is 'transient'");
        }
        if (type.equals("persistent") && persistent != null) {
            throw DomainErrors.xmlError("teaming persistent attribute not allowed if teaming type is 'persistent'");
        }
        return new HostdevDevice.Teaming(type, persistent);
    }

    static void writeIscsi(XmlWriter w, HostdevDevice.Iscsi s) {
        w.open("source", "protocol", "iscsi", "name", s.name());
        for (DiskHost h : s.hosts()) {
            w.empty("host", "name", h.name(), "port", h.port());
        }
        DiskSourceXml.writeAuth(w, s.auth());
        DiskSourceSettingsXml.writeInitiator(w, s.initiatorIqn());
        w.close("source");
    }

    static void writeIpsAndRoutes(XmlWriter w, HostdevDevice h) {
        for (Ip ip : h.ips()) {
            w.empty("ip", "address", ip.address(), "family", ip.family(),
                    "prefix", DomainErrors.text(ip.prefix()), "peer", ip.peer());
        }
        for (Route r : h.routes()) {
            w.empty("route", "family", r.family(), "address", r.address(), "netmask", r.netmask(),
                    "prefix", DomainErrors.text(r.prefix()), "gateway", r.gateway(),
                    "metric", r.metric() == null ? null : r.metric().toString());
        }
    }
}
