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
    private XmlKeys.Node node;
    /**
     * Where {@link #node} comes from when it is looked up only on demand: the parent cursor and this element's
     * key ({@code null} once looked up, or for a cursor made with its node).
     */
    private XmlCursor nodeParent;
    private String nodeKey;
    private final String parentPath;
    /**
     * The child elements and their keys, listed once on first use: codecs look children up by name many
     * times, and walking the DOM's sibling list (and building namespaced keys) for each lookup was most of
     * a parse's time.
     */
    private Element[] kids;
    private String[] kidKeys;

    /**
     * Whether reads are checked against the declared keys: when assertions are on (every test run), not in
     * production, where the two lookups per read cost a third of a parse. The declarations are a codec's
     * promise about itself, kept by the tests (every family's sample reads every key); what a document may carry
     * is checked either way, by {@link XmlKeys#check} after parsing.
     */
    static final boolean CHECKED = XmlCursor.class.desiredAssertionStatus();

    /** A cursor whose node is looked up when first needed (reads are not checked: see {@link #CHECKED}). */
    private XmlCursor(Element element, XmlCursor nodeParent, String nodeKey) {
        this.element = element;
        this.parentPath = null;
        this.nodeParent = nodeParent;
        this.nodeKey = nodeKey;
    }

    private XmlKeys.Node node() {
        if (nodeParent != null) {
            XmlKeys.Node parentNode = nodeParent.node();
            node = parentNode == null ? null : parentNode.child(nodeKey);
            nodeParent = null;
            nodeKey = null;
        }
        return node;
    }

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
        XmlKeys.Node node = node();
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
        org.w3c.dom.Attr a = element.getAttributeNode(declared(attribute));
        return a == null ? null : a.getValue();
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
        XmlKeys.Node childNode = CHECKED ? declaredChild(name) : null;
        listKids();
        for (int i = 0; i < kids.length; i++) {
            if (name.equals(kidKeys[i])) {
                return CHECKED ? new XmlCursor(kids[i], childNode, null) : new XmlCursor(kids[i], this, name);
            }
        }
        return null;
    }

    /** The text of the first child called {@code name}, {@code null} without one. */
    public String childText(String name) {
        XmlCursor c = child(name);
        return c == null ? null : c.text();
    }

    /**
     * The children called {@code name} in no namespace, or, for a name {@code {URI}LOCAL}, the children of
     * that namespace and local name.
     */
    public List<XmlCursor> children(String name) {
        XmlKeys.Node childNode = CHECKED ? declaredChild(name) : null;
        List<XmlCursor> result = new ArrayList<>(2);
        listKids();
        for (int i = 0; i < kids.length; i++) {
            if (name.equals(kidKeys[i])) {
                result.add(CHECKED ? new XmlCursor(kids[i], childNode, null) : new XmlCursor(kids[i], this, name));
            }
        }
        return result;
    }

    /** The element's namespace URI, {@code null} for none. */
    public String namespace() {
        return element.getNamespaceURI();
    }

    /** The element's namespace prefix, {@code null} for none. */
    public String prefix() {
        return element.getPrefix();
    }

    /**
     * The names of the attributes present that the keys declare (a wildcard {@code *} declares all but
     * namespace declarations), in document order as far as DOM keeps it. Others are left to
     * {@link XmlKeys#check}.
     */
    public List<String> declaredAttributes() {
        List<String> result = new ArrayList<>();
        org.w3c.dom.NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            org.w3c.dom.Attr a = (org.w3c.dom.Attr) attributes.item(i);
            if (javax.xml.XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI())) {
                continue;
            }
            XmlKeys.Node node = node();
            if (node != null && (node.attributes.contains(XmlKeys.keyName(a)) || node.attributes.contains("*"))) {
                result.add(a.getName());
            }
        }
        return result;
    }

    /** An attribute's value by the qualified name {@link #declaredAttributes} gave. */
    public String declaredAttribute(String qualifiedName) {
        return element.getAttribute(qualifiedName);
    }

    /**
     * Every child element, in any namespace, whose key is declared (directly or by a wildcard {@code *}), in
     * document order: for codecs that keep a whole element. Undeclared children are left to
     * {@link XmlKeys#check}.
     */
    public List<XmlCursor> declaredChildren() {
        List<XmlCursor> result = new ArrayList<>();
        XmlKeys.Node node = node();
        if (node == null) {
            return result;
        }
        listKids();
        for (int i = 0; i < kids.length; i++) {
            XmlKeys.Node childNode = node.childOrWildcard(kidKeys[i]);
            if (childNode != null) {
                result.add(new XmlCursor(kids[i], childNode, null));
            }
        }
        return result;
    }

    /** Whether the element has child elements (in any namespace). */
    public boolean hasChildElements() {
        listKids();
        return kids.length > 0;
    }

    /**
     * Every child in no namespace, whatever its name: for codecs that dispatch on the name (devices,
     * features). Reading one of them is checked as any read is.
     */
    public List<XmlCursor> children() {
        List<XmlCursor> result = new ArrayList<>();
        listKids();
        XmlKeys.Node node = node();
        String path = null;
        for (int i = 0; i < kids.length; i++) {
            Element e = kids[i];
            if (e.getNamespaceURI() == null) {
                path = path == null ? path() : path;
                result.add(new XmlCursor(e, node == null ? null : node.child(kidKeys[i]), path));
            }
        }
        return result;
    }

    private XmlKeys.Node declaredChild(String name) {
        XmlKeys.Node node = node();
        XmlKeys.Node childNode = node == null ? null : node.child(name);
        if (childNode == null) {
            throw new IllegalStateException("a codec reads " + path() + "/" + name
                    + ", which its keys do not declare");
        }
        return childNode;
    }

    private void listKids() {
        if (kids != null) {
            return;
        }
        List<Element> found = new ArrayList<>();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                found.add(e);
            }
        }
        kids = found.toArray(new Element[0]);
        kidKeys = new String[kids.length];
        for (int i = 0; i < kids.length; i++) {
            kidKeys[i] = XmlKeys.keyName(kids[i]);
        }
    }

    private String declared(String attribute) {
        if (!CHECKED) {
            return attribute;
        }
        XmlKeys.Node node = node();
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
