package io.virtkit.model.internal.netcommon;

import static io.virtkit.model.internal.netcommon.XmlElements.attr;
import static io.virtkit.model.internal.netcommon.XmlElements.children;
import static io.virtkit.model.internal.netcommon.XmlElements.xmlError;

import io.virtkit.api.ErrorDomain;
import io.virtkit.model.internal.xml.XmlWriter;
import io.virtkit.model.netcommon.Vlan;
import io.virtkit.model.netcommon.VlanTag;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/** {@code <vlan>} and its {@code <tag>}s (libvirt's virNetDevVlanParse/Format). */
public final class VlanXml {
    private VlanXml() {
    }

    public static Vlan parse(Element el, ErrorDomain domain) {
        if (el == null) {
            return null;
        }
        List<VlanTag> tags = new ArrayList<>();
        for (Element t : children(el, "tag")) {
            String id = attr(t, "id");
            if (id == null) {
                throw xmlError(domain, "missing or invalid vlan tag id attribute");
            }
            Long n = XmlElements.unsigned(t, "id", Long.MAX_VALUE, domain);
            if (n > VlanTag.MAX_ID) {
                throw xmlError(domain, "vlan tag id " + n + " too large (maximum 4095)");
            }
            String mode = attr(t, "nativeMode");
            VlanTag.NativeMode nativeMode = null;
            if (mode != null) {
                nativeMode = switch (mode) {
                    case "tagged" -> VlanTag.NativeMode.TAGGED;
                    case "untagged" -> VlanTag.NativeMode.UNTAGGED;
                    default -> throw xmlError(domain, "Attribute \"nativeMode='" + mode + "'\" is invalid");
                };
            }
            tags.add(new VlanTag(n.intValue(), nativeMode));
        }
        if (tags.isEmpty()) {
            throw xmlError(domain, "missing tag id - each <vlan> must have at least one <tag id='n'/> subelement");
        }
        String trunk = attr(el, "trunk");
        boolean isTrunk = tags.size() > 1;
        if (trunk != null) {
            switch (trunk) {
                case "yes" -> isTrunk = true;
                case "no" -> {
                    if (tags.size() > 1) {
                        throw xmlError(domain, "invalid \"trunk='no'\" setting in <vlan> - trunk='no' is only"
                                + " allowed with a single vlan tag");
                    }
                }
                default -> throw xmlError(domain, "invalid \"trunk='" + trunk + "'\" setting in <vlan> - must be"
                        + " 'yes' or 'no'");
            }
        }
        if (!isTrunk && tags.get(0).nativeMode() != null) {
            throw xmlError(domain, "invalid configuration in <vlan> - \"trunk='no'\" is not allowed with a native"
                    + " vlan id");
        }
        return new Vlan(isTrunk, tags);
    }

    public static void write(XmlWriter w, Vlan v) {
        if (v == null) {
            return;
        }
        w.open("vlan", "trunk", v.trunk() ? "yes" : null);
        for (VlanTag t : v.tags()) {
            w.empty("tag", "id", Integer.toString(t.id()), "nativeMode",
                    t.nativeMode() == null ? null : t.nativeMode().xmlName());
        }
        w.close("vlan");
    }
}
