package io.virtkit.model.internal.netcommon;

import static io.virtkit.model.internal.netcommon.XmlElements.child;
import static io.virtkit.model.internal.netcommon.XmlElements.children;
import static io.virtkit.model.internal.netcommon.XmlElements.text;
import static io.virtkit.model.internal.netcommon.XmlElements.xmlError;

import io.virtkit.api.ErrorDomain;
import io.virtkit.model.internal.xml.XmlWriter;
import io.virtkit.model.netcommon.Bandwidth;
import io.virtkit.model.netcommon.BandwidthRate;
import org.w3c.dom.Element;

/** {@code <bandwidth>} with {@code <inbound>} and {@code <outbound>} (libvirt's virNetDevBandwidthParse/Format). */
public final class BandwidthXml {
    private static final long UINT_MAX = 0xFFFFFFFFL;

    private BandwidthXml() {
    }

    /**
     * Reads {@code el} ({@code null} gives {@code null}).
     *
     * @param allowFloor whether {@code floor} may appear (an interface on a network), as libvirt's flag
     */
    public static Bandwidth parse(Element el, boolean allowFloor, ErrorDomain domain) {
        if (el == null) {
            return null;
        }
        if (children(el, "inbound").size() > 1) {
            throw xmlError(domain, "Only one child <inbound> element allowed");
        }
        if (children(el, "outbound").size() > 1) {
            throw xmlError(domain, "Only one child <outbound> element allowed");
        }
        Long classId = XmlElements.unsigned(el, "classID", UINT_MAX, domain);
        BandwidthRate in = rate(child(el, "inbound"), allowFloor, domain);
        BandwidthRate out = rate(child(el, "outbound"), false, domain);
        if (out != null && out.floor() != null) {
            throw xmlError(domain, "'floor' attribute allowed only in <inbound> element");
        }
        // an empty <bandwidth/> limits nothing: libvirt drops it
        return in == null && out == null ? null : new Bandwidth(classId, in, out);
    }

    private static BandwidthRate rate(Element el, boolean allowFloor, ErrorDomain domain) {
        if (el == null) {
            return null;
        }
        Long average = speed(el, "average", domain);
        Long peak = speed(el, "peak", domain);
        Long floor = speed(el, "floor", domain);
        Long burst = speed(el, "burst", domain);
        if (floor != null && !allowFloor && "inbound".equals(XmlElements.nameOf(el))) {
            throw XmlElements.unsupported(domain, "floor attribute is supported only for interfaces of type network");
        }
        if (average == null && floor == null) {
            throw xmlError(domain, "Missing mandatory average or floor attributes");
        }
        if ((peak != null || burst != null) && average == null) {
            throw xmlError(domain, "'peak' and 'burst' require 'average' attribute");
        }
        return new BandwidthRate(average, peak, floor, burst);
    }

    private static Long speed(Element el, String attribute, ErrorDomain domain) {
        String v = XmlElements.attr(el, attribute);
        Long n = XmlElements.unsigned(el, attribute, UINT_MAX, domain);
        if (n != null && n == 0) {
            throw xmlError(domain, "could not convert bandwidth " + attribute + " value '" + v + "'");
        }
        return n;
    }

    public static void write(XmlWriter w, Bandwidth b) {
        if (b == null || b.isEmpty()) {
            return;
        }
        w.open("bandwidth", "classID", text(b.classId()));
        writeRate(w, "inbound", b.inbound());
        writeRate(w, "outbound", b.outbound());
        w.close("bandwidth");
    }

    private static void writeRate(XmlWriter w, String name, BandwidthRate r) {
        if (r != null) {
            w.empty(name, "average", text(r.average()), "peak", text(r.peak()), "floor", text(r.floor()),
                    "burst", text(r.burst()));
        }
    }
}
