package io.virtkit.model.internal.netcommon;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reading helpers the network-side codecs share: children and attributes of a DOM element, libvirt's
 * yes/no and on/off values and unsigned numbers, and its error wording. The errors carry the error domain
 * the caller passes ({@link ErrorDomain#NETWORK} for network XML, {@link ErrorDomain#DOMAIN} later for
 * a domain's {@code <interface>}).
 */
public final class XmlElements {

    private XmlElements() {
    }

    /** The element's local name (its qualified name for a document parsed without namespaces). */
    public static String nameOf(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getNodeName();
    }

    /** The first child called {@code name} in no namespace, or {@code null}. */
    public static Element child(Element parent, String name) {
        List<Element> list = children(parent, name);
        return list.isEmpty() ? null : list.get(0);
    }

    /** Child elements called {@code name} in no namespace; elements in a namespace (metadata) are skipped. */
    public static List<Element> children(Element parent, String name) {
        List<Element> result = new ArrayList<>();
        if (parent == null) {
            return result;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getNamespaceURI() == null && name.equals(nameOf(e))) {
                result.add(e);
            }
        }
        return result;
    }

    /** The attribute's value, or {@code null} when the element or the attribute is absent. */
    public static String attr(Element e, String name) {
        return e != null && e.hasAttribute(name) ? e.getAttribute(name) : null;
    }

    /** libvirt's {@code virYesNo}: {@code null} when absent, else true or false; anything else is refused. */
    public static Boolean yesNo(Element e, String attribute, ErrorDomain domain) {
        return twoWords(e, attribute, "yes", "no", domain);
    }

    /** libvirt's {@code virOnOff}, as {@link #yesNo}. */
    public static Boolean onOff(Element e, String attribute, ErrorDomain domain) {
        return twoWords(e, attribute, "on", "off", domain);
    }

    private static Boolean twoWords(Element e, String attribute, String yes, String no, ErrorDomain domain) {
        String v = attr(e, attribute);
        if (v == null) {
            return null;
        }
        if (v.equals(yes)) {
            return Boolean.TRUE;
        }
        if (v.equals(no)) {
            return Boolean.FALSE;
        }
        throw invalidValue(e, attribute, v, domain);
    }

    /** {@code yes}/{@code no} for writing; {@code null} stays {@code null} (the attribute is left out). */
    public static String yesNo(Boolean value) {
        return value == null ? null : value ? "yes" : "no";
    }

    /** {@code on}/{@code off} for writing; {@code null} stays {@code null}. */
    public static String onOff(Boolean value) {
        return value == null ? null : value ? "on" : "off";
    }

    /** A decimal unsigned number no larger than {@code max}, or {@code null} when the attribute is absent. */
    public static Long unsigned(Element e, String attribute, long max, ErrorDomain domain) {
        String v = attr(e, attribute);
        if (v == null) {
            return null;
        }
        String t = v.strip();
        if (t.isEmpty() || t.length() > 19 || !t.chars().allMatch(c -> c >= '0' && c <= '9')
                || Long.parseLong(t) > max) {
            throw new VirtException(ErrorCode.XML_ERROR, domain, "Invalid value for attribute '" + attribute
                    + "' in element '" + nameOf(e) + "': '" + v + "'. Expected non-negative integer value");
        }
        return Long.parseLong(t);
    }

    /** {@link #unsigned} as an {@code Integer}. */
    public static Integer unsignedInt(Element e, String attribute, long max, ErrorDomain domain) {
        Long v = unsigned(e, attribute, Math.min(max, Integer.MAX_VALUE), domain);
        return v == null ? null : v.intValue();
    }

    /** libvirt's wording for an attribute whose value is not one of its enumeration. */
    public static VirtException invalidValue(Element e, String attribute, String value, ErrorDomain domain) {
        return new VirtException(ErrorCode.XML_ERROR, domain, "Invalid value for attribute '" + attribute
                + "' in element '" + nameOf(e) + "': '" + value + "'.");
    }

    /** A number as text for writing, {@code null} stays {@code null}. */
    public static String text(Number n) {
        return n == null ? null : n.toString();
    }

    public static VirtException xmlError(ErrorDomain domain, String detail) {
        return new VirtException(ErrorCode.XML_ERROR, domain, detail);
    }

    public static VirtException unsupported(ErrorDomain domain, String detail) {
        return new VirtException(ErrorCode.CONFIG_UNSUPPORTED, domain, detail);
    }
}
