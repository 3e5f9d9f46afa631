package io.virtkit.model.internal.netcommon;

import static io.virtkit.model.internal.netcommon.XmlElements.attr;
import static io.virtkit.model.internal.netcommon.XmlElements.child;
import static io.virtkit.model.internal.netcommon.XmlElements.text;
import static io.virtkit.model.internal.netcommon.XmlElements.xmlError;

import io.virtkit.api.ErrorDomain;
import io.virtkit.model.internal.xml.SecureXml;
import io.virtkit.model.internal.xml.XmlWriter;
import io.virtkit.model.netcommon.VirtualPort;
import io.virtkit.model.netcommon.VirtualPortType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.w3c.dom.Element;

/** {@code <virtualport>} and its {@code <parameters>} (libvirt's virNetDevVPortProfileParse/Format). */
public final class VirtualPortXml {

    /** The parameters each type allows, as libvirt's virNetDevVPortProfileCheckNoExtras. */
    private static final Map<VirtualPortType, List<String>> ALLOWED = Map.of(
            VirtualPortType.QBG, List.of("managerid", "typeid", "typeidversion", "instanceid"),
            VirtualPortType.QBH, List.of("profileid"),
            VirtualPortType.OPENVSWITCH, List.of("profileid", "interfaceid"),
            VirtualPortType.MIDONET, List.of("interfaceid"));
    private static final List<String> ALL = List.of("managerid", "typeid", "typeidversion", "instanceid",
            "profileid", "interfaceid");

    private VirtualPortXml() {
    }

    /**
     * Reads {@code el} ({@code null} gives {@code null}).
     *
     * @param requireType whether a type is required (a network's own virtualport), as libvirt's flag
     */
    public static VirtualPort parse(Element el, boolean requireType, ErrorDomain domain) {
        if (el == null) {
            return null;
        }
        String typeText = attr(el, "type");
        VirtualPortType type = null;
        if (typeText != null) {
            type = VirtualPortType.ofXmlName(typeText).orElseThrow(() -> XmlElements.unsupported(domain,
                    "unknown virtualport type " + typeText));
        } else if (requireType) {
            throw xmlError(domain, "missing required virtualport type");
        }
        Element p = child(el, "parameters");
        for (String a : ALL) {
            if (type != null && attr(p, a) != null && !ALLOWED.get(type).contains(a)) {
                throw new io.virtkit.api.VirtException(io.virtkit.api.ErrorCode.CONFIG_UNSUPPORTED, domain,
                        "attribute " + a + " not allowed for <virtualport type='" + type.xmlName() + "'>");
            }
        }
        Integer managerId = bounded(p, "managerid", 0xFF, "value of managerid out of range", domain);
        Integer typeId = bounded(p, "typeid", 0xFFFFFF, "value for typeid out of range", domain);
        Integer typeIdVersion = bounded(p, "typeidversion", 0xFF, "value of typeidversion out of range", domain);
        UUID instanceId = uuid(p, "instanceid", domain);
        String profileId = attr(p, "profileid");
        if (profileId != null && profileId.length() > 39) {
            throw xmlError(domain, "profileid parameter too long");
        }
        UUID interfaceId = uuid(p, "interfaceid", domain);
        VirtualPort port = new VirtualPort(type, managerId, typeId, typeIdVersion, instanceId, profileId,
                interfaceId);
        // an untyped virtualport without parameters says nothing: libvirt does not write it back
        return type == null && !port.hasParameters() ? null : port;
    }

    /** An unsigned number in C's notation (decimal, 0x hex or 0 octal), as libvirt reads these parameters. */
    private static Integer bounded(Element p, String attribute, int max, String outOfRange, ErrorDomain domain) {
        String v = attr(p, attribute);
        if (v == null) {
            return null;
        }
        long n;
        try {
            n = Long.decode(v.strip());
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0 || v.strip().startsWith("+")) {
            throw xmlError(domain, "cannot parse value of " + attribute + " parameter");
        }
        if (n > max) {
            throw xmlError(domain, outOfRange);
        }
        return (int) n;
    }

    private static UUID uuid(Element p, String attribute, ErrorDomain domain) {
        String v = attr(p, attribute);
        if (v == null) {
            return null;
        }
        UUID u = SecureXml.parseUuid(v);
        if (u == null) {
            throw xmlError(domain, "cannot parse " + attribute + " parameter as a uuid");
        }
        return u;
    }

    public static void write(XmlWriter w, VirtualPort v) {
        if (v == null) {
            return;
        }
        String type = v.type() == null ? null : v.type().xmlName();
        if (!v.hasParameters()) {
            w.empty("virtualport", "type", type);
            return;
        }
        w.open("virtualport", "type", type);
        w.empty("parameters", "managerid", text(v.managerId()), "typeid", text(v.typeId()),
                "typeidversion", text(v.typeIdVersion()),
                "instanceid", v.instanceId() == null ? null : v.instanceId().toString(),
                "profileid", v.profileId(),
                "interfaceid", v.interfaceId() == null ? null : v.interfaceId().toString());
        w.close("virtualport");
    }
}
