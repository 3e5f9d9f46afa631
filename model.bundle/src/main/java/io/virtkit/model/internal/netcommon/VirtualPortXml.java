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

    public static VirtualPort parse(Element el, ErrorDomain domain) {
        if (el == null) {
            return null;
        }
        String typeText = attr(el, "type");
        VirtualPortType type = null;
        if (typeText != null) {
            type = VirtualPortType.ofXmlName(typeText).orElseThrow(() -> xmlError(domain,
                    "unknown virtualport type " + typeText));
        }
        Element p = child(el, "parameters");
        for (String a : ALL) {
            if (type != null && attr(p, a) != null && !ALLOWED.get(type).contains(a)) {
                throw new io.virtkit.api.VirtException(io.virtkit.api.ErrorCode.CONFIG_UNSUPPORTED, domain,
                        "attribute " + a + " not allowed for <virtualport type='" + type.xmlName() + "'>");
            }
        }
        Integer managerId = bounded(p, "managerid", 0xFF, domain);
        Integer typeId = bounded(p, "typeid", 0xFFFFFF, domain);
        Integer typeIdVersion = bounded(p, "typeidversion", 0xFF, domain);
        UUID instanceId = uuid(p, "instanceid", domain);
        String profileId = attr(p, "profileid");
        if (profileId != null && profileId.length() > 39) {
            throw xmlError(domain, "profileid parameter too long");
        }
        UUID interfaceId = uuid(p, "interfaceid", domain);
        if (type == VirtualPortType.MIDONET && interfaceId == null) {
            throw xmlError(domain, "missing required interfaceid in <virtualport type='midonet'>");
        }
        return new VirtualPort(type, managerId, typeId, typeIdVersion, instanceId, profileId, interfaceId);
    }

    private static Integer bounded(Element p, String attribute, int max, ErrorDomain domain) {
        String v = attr(p, attribute);
        if (v == null) {
            return null;
        }
        if (!v.strip().chars().allMatch(c -> c >= '0' && c <= '9') || v.isBlank() || v.strip().length() > 9
                || Integer.parseInt(v.strip()) > max) {
            throw xmlError(domain, "cannot parse value of " + attribute + " parameter");
        }
        return Integer.parseInt(v.strip());
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
