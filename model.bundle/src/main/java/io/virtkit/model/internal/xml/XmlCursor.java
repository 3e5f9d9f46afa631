package io.virtkit.model.internal.xml;

import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A strict reader over one element of a document: a codec reads its own attributes and children through it,
 * and may read only what its format declares modelled ({@link XmlKeys}). Reading an undeclared key is a bug
 * in the codec and fails at once, so the declared keys (which decide what a document may carry without being
 * refused) can never be fewer than what the codecs really read.
 *
 * <p>Children in a namespace (metadata, a driver's namespace) are never returned: they are no codec's; the
 * check of unmodelled keys ({@link XmlKeys#check}) decides about them.
 */
public final class XmlCursor {
    private final Element element;
    /** The element's keys; null for an element no codec reads (a device of a family not modelled). */
    private final XmlKeys.Node node;
    private final String parentPath;

    private XmlCursor(Element element, XmlKeys.Node node, String parentPath) {
        this.element = element;
        this.node = node;
        this.parentPath = parentPath;
    }

    /** A cursor on a document's root element, whose path is its name. */
    public static XmlCursor root(Element root, XmlKeys keys) {
        return new XmlCursor(root, keys.rootNode(nameOf(root)), null);
    }

    /** The element's local name. */
    public String name() {
        return nameOf(element);
    }

    /** The element's key: its ancestors' names and its own, joined by {@code /} ({@code domain/devices/disk}). */
    public String path() {
        if (node != null) {
            return node.path;
        }
        return parentPath == null ? name() : parentPath + "/" + name();
    }

    public boolean has(String attribute) {
        return element.hasAttribute(declared(attribute));
    }

    /** The attribute's value, {@code null} when absent. */
    public String attr(String attribute) {
        return element.hasAttribute(declared(attribute)) ? element.getAttribute(attribute) : null;
    }

    /** The attribute's value, empty when absent (as DOM's {@code getAttribute}). */
    public String attrOrEmpty(String attribute) {
        return element.getAttribute(declared(attribute));
    }

    /**
     * The element itself, for codecs shared with documents read without a cursor (network XML's
     * {@code io.virtkit.model.internal.netcommon}); its keys must still be declared modelled.
     */
    public Element element() {
        return element;
    }

    /** The element's text content (all descendants' text). */
    public String text() {
        return element.getTextContent();
    }

    /** The first child called {@code name} in no namespace, or {@code null}. */
    public XmlCursor child(String name) {
        List<XmlCursor> list = children(name);
        return list.isEmpty() ? null : list.get(0);
    }

    /** The text of the first child called {@code name}, {@code null} without one. */
    public String childText(String name) {
        XmlCursor c = child(name);
        return c == null ? null : c.text();
    }

    /** The children called {@code name} in no namespace. */
    public List<XmlCursor> children(String name) {
        XmlKeys.Node childNode = node == null ? null : node.child(name);
        if (childNode == null) {
            throw new IllegalStateException("a codec reads " + path() + "/" + name
                    + ", which its keys do not declare");
        }
        List<XmlCursor> result = new ArrayList<>();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getNamespaceURI() == null && name.equals(nameOf(e))) {
                result.add(new XmlCursor(e, childNode, null));
            }
        }
        return result;
    }

    /**
     * Every child in no namespace, whatever its name: for codecs that dispatch on the name (devices,
     * features). Reading one of them is checked as any read is.
     */
    public List<XmlCursor> children() {
        List<XmlCursor> result = new ArrayList<>();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getNamespaceURI() == null) {
                result.add(new XmlCursor(e, node == null ? null : node.child(nameOf(e)), path()));
            }
        }
        return result;
    }

    private String declared(String attribute) {
        if (node == null || !node.attributes.contains(attribute)) {
            throw new IllegalStateException("a codec reads " + path() + "@" + attribute
                    + ", which its keys do not declare");
        }
        return attribute;
    }

    static String nameOf(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getNodeName();
    }

    @Override
    public String toString() {
        return path();
    }
}
