package io.virtkit.model.internal.netcommon;

import io.virtkit.api.ErrorDomain;
import io.virtkit.model.internal.xml.XmlWriter;
import io.virtkit.model.netcommon.PortOptions;
import org.w3c.dom.Element;

/** {@code <port isolated>} (libvirt's virNetworkPortOptionsParseXML/Format). */
public final class PortOptionsXml {
    private PortOptionsXml() {
    }

    public static PortOptions parse(Element el, ErrorDomain domain) {
        Boolean isolated = XmlElements.yesNo(el, "isolated", domain);
        // an empty <port/> says nothing: libvirt neither keeps nor writes it
        return isolated == null ? null : new PortOptions(isolated);
    }

    public static void write(XmlWriter w, PortOptions p) {
        if (p != null && p.isolated() != null) {
            w.empty("port", "isolated", XmlElements.yesNo(p.isolated()));
        }
    }
}
