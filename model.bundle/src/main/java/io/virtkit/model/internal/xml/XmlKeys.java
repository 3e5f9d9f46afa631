package io.virtkit.model.internal.xml;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;

/**
 * What an XML format's codecs model, and what they know they do not yet: so nothing valid is ever dropped
 * without a word.
 *
 * <p>A key names an element by its path from the root ({@code domain/devices/disk}) or an attribute as
 * {@code ELEMENT@NAME} ({@code domain/devices/disk/driver@cache}); an element in a namespace is named
 * {@code {URI}NAME}, and {@code PARENT/{URI}} stands for every element of that namespace there.
 * <ul>
 * <li><b>modelled</b> keys are declared by the codecs beside the code that reads them ({@link XmlCursor}
 *     refuses to read anything else); an element is modelled when a modelled key lies in it;</li>
 * <li><b>not yet modelled</b> keys are listed in a resource file, one a line: a plain key is <em>dropped</em>
 *     (with its whole subtree, for an element), a key after {@code !} is <em>refused</em>. {@code #} starts a
 *     comment.</li>
 * </ul>
 * {@link #check} then refuses, with {@link ErrorCode#CONFIG_UNSUPPORTED} naming it, every element or
 * attribute of a document that is neither modelled nor listed as dropped.
 */
public final class XmlKeys {
    private final Set<String> modelled;
    private final Set<String> modelledElements;
    private final Set<String> dropped;
    private final Set<String> refused;
    /** The same keys as a tree, so reading and checking a document builds no key strings. */
    private final Node root = new Node("");

    /** A modelled element: its modelled children and attributes, and what is dropped in it. */
    static final class Node {
        final String path;
        final Map<String, Node> elements = new HashMap<>();
        final Set<String> attributes = new HashSet<>();
        final Set<String> droppedElements = new HashSet<>();
        final Set<String> droppedAttributes = new HashSet<>();

        Node(String path) {
            this.path = path;
        }

        Node child(String name) {
            return elements.get(name);
        }

        /**
         * The child node of that name, else a wildcard {@code *} child (any element, as in
         * {@code <metadata>}), else, inside a wildcard, the wildcard itself (any depth).
         */
        Node childOrWildcard(String name) {
            Node n = elements.get(name);
            if (n == null) {
                n = elements.get("*");
            }
            if (n == null && path.endsWith("/*")) {
                n = this;
            }
            return n;
        }
    }

    private XmlKeys(Set<String> modelled, Set<String> dropped, Set<String> refused) {
        this.modelled = Set.copyOf(modelled);
        Set<String> elements = new HashSet<>();
        for (String key : modelled) {
            String element = key.contains("@") ? key.substring(0, key.indexOf('@')) : key;
            for (int i = element.indexOf('/'); i >= 0; i = element.indexOf('/', i + 1)) {
                elements.add(element.substring(0, i));
            }
            elements.add(element);
        }
        this.modelledElements = Set.copyOf(elements);
        this.dropped = Set.copyOf(dropped);
        this.refused = Set.copyOf(refused);
        for (String key : modelled) {
            int at = key.indexOf('@');
            Node node = node(at < 0 ? key : key.substring(0, at), true);
            if (at >= 0) {
                node.attributes.add(key.substring(at + 1));
            }
        }
        for (String key : dropped) {
            int at = key.lastIndexOf('@');
            int slash = lastSlash(key);
            if (at > slash) {
                Node node = node(key.substring(0, at), false);
                if (node != null) {
                    node.droppedAttributes.add(key.substring(at + 1));
                }
            } else if (slash > 0) {
                // a key under an element no codec reads is never reached: that element is dropped or refused
                Node node = node(key.substring(0, slash), false);
                if (node != null) {
                    node.droppedElements.add(key.substring(slash + 1));
                }
            }
        }
    }

    /** The node of an element path, made on the way when {@code create}; null if absent otherwise. */
    private Node node(String path, boolean create) {
        Node node = root;
        int start = 0;
        while (start <= path.length()) {
            int end = nextSlash(path, start);
            String name = path.substring(start, end);
            Node next = node.elements.get(name);
            if (next == null) {
                if (!create) {
                    return null;
                }
                next = new Node(node == root ? name : node.path + "/" + name);
                node.elements.put(name, next);
            }
            node = next;
            start = end + 1;
        }
        return node;
    }

    /** The next {@code /} at or after {@code from} that is not inside a namespace's {@code {URI}}, or the end. */
    private static int nextSlash(String path, int from) {
        int depth = 0;
        for (int i = from; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            } else if (c == '/' && depth == 0) {
                return i;
            }
        }
        return path.length();
    }

    private static int lastSlash(String key) {
        int last = -1;
        for (int i = nextSlash(key, 0); i < key.length(); i = nextSlash(key, i + 1)) {
            last = i;
        }
        return last;
    }

    /** The tree node of a document's root element, null if no codec reads it. */
    Node rootNode(String name) {
        return root.child(name);
    }

    /**
     * The keys of a format: {@code modelled} from its codecs, the not-yet-modelled ones from {@code resource}
     * (a class-path resource beside {@code owner}).
     */
    public static XmlKeys of(Collection<String> modelled, Class<?> owner, String resource) {
        Set<String> dropped = new HashSet<>();
        Set<String> refused = new HashSet<>();
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource + " beside " + owner.getName());
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                int hash = line.indexOf('#');
                String key = (hash >= 0 ? line.substring(0, hash) : line).strip();
                if (key.startsWith("!")) {
                    refused.add(key.substring(1).strip());
                } else if (!key.isEmpty()) {
                    dropped.add(key);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new XmlKeys(new HashSet<>(modelled), dropped, refused);
    }

    /** Whether a codec reads this key (an element or an attribute key). */
    public boolean isModelled(String key) {
        return modelled.contains(key) || modelledElements.contains(key);
    }

    /** Whether this element path is read by a codec (it or something in it is modelled). */
    public boolean isModelledElement(String path) {
        return modelledElements.contains(path);
    }

    public Set<String> modelled() {
        return modelled;
    }

    public Set<String> dropped() {
        return dropped;
    }

    public Set<String> refused() {
        return refused;
    }

    /**
     * Refuses the first element or attribute in {@code root} that no codec models and the list does not
     * drop; a listed element is dropped with everything in it.
     *
     * @throws VirtException {@link ErrorCode#CONFIG_UNSUPPORTED} from {@code domain}, naming the key
     */
    public void check(Element root, ErrorDomain domain) {
        String name = keyName(root);
        Node node = this.root.child(name);
        if (node == null) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, domain, "element '" + name + "' is not supported");
        }
        check(root, node, domain);
    }

    private static void check(Element element, Node node, ErrorDomain domain) {
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr a = (Attr) attributes.item(i);
            if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(a.getNamespaceURI())) {
                continue;
            }
            String name = keyName(a);
            if (!node.attributes.contains(name) && !node.droppedAttributes.contains(name)
                    && !node.attributes.contains("*")) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, domain,
                        "attribute '" + name + "' of element '" + node.path + "' is not supported");
            }
        }
        for (org.w3c.dom.Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element child)) {
                continue;
            }
            String name = keyName(child);
            if (node.droppedElements.contains(name) || child.getNamespaceURI() != null
                    && node.droppedElements.contains("{" + child.getNamespaceURI() + "}")) {
                continue;
            }
            Node childNode = node.childOrWildcard(name);
            if (childNode == null) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, domain,
                        "element '" + node.path + "/" + name + "' is not supported");
            }
            check(child, childNode, domain);
        }
    }

    /** A node's key name: its local name, {@code {URI}LOCAL} in a namespace. */
    static String keyName(org.w3c.dom.Node n) {
        String local = n.getLocalName() != null ? n.getLocalName() : n.getNodeName();
        return n.getNamespaceURI() == null ? local : "{" + n.getNamespaceURI() + "}" + local;
    }
}
