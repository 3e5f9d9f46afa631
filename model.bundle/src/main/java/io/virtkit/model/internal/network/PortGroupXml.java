package io.virtkit.model.internal.network;

import static io.virtkit.model.internal.netcommon.XmlElements.attr;
import static io.virtkit.model.internal.netcommon.XmlElements.child;

import io.virtkit.api.ErrorDomain;
import io.virtkit.model.internal.netcommon.BandwidthXml;
import io.virtkit.model.internal.netcommon.VirtualPortXml;
import io.virtkit.model.internal.netcommon.VlanXml;
import io.virtkit.model.internal.netcommon.XmlElements;
import io.virtkit.model.internal.xml.XmlWriter;
import io.virtkit.model.network.PortGroup;
import org.w3c.dom.Element;

/** A network's {@code <portgroup>} (libvirt's virPortGroupParseXML). */
final class PortGroupXml {
    private static final ErrorDomain D = ErrorDomain.NETWORK;

    private PortGroupXml() {
    }

    static PortGroup parse(Element el) {
        String name = attr(el, "name");
        if (name == null) {
            throw XmlElements.xmlError(D, "Missing required name attribute in portgroup");
        }
        return new PortGroup(name, XmlElements.yesNo(el, "default", D), XmlElements.yesNo(el, "trustGuestRxFilters", D),
                VirtualPortXml.parse(child(el, "virtualport"), false, D), BandwidthXml.parse(child(el, "bandwidth"), false, D),
                VlanXml.parse(child(el, "vlan"), D));
    }

    static void write(XmlWriter w, PortGroup p) {
        String[] attrs = {"name", p.name(), "default", XmlElements.yesNo(p.isDefault()),
            "trustGuestRxFilters", XmlElements.yesNo(p.trustGuestRxFilters())};
        // libvirt writes a port group as open and close tags even when it holds nothing
        w.open("portgroup", attrs);
        VlanXml.write(w, p.vlan());
        VirtualPortXml.write(w, p.virtualPort());
        BandwidthXml.write(w, p.bandwidth());
        w.close("portgroup");
    }
}
