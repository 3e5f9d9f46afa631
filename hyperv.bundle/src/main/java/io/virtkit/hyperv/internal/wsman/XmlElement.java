package io.virtkit.hyperv.internal.wsman;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An element of an answer, read whole: namespace and local name, attributes by local name (xsi's {@code nil} and
 * {@code type} apart), its text when it has no child elements, its children.
 */
record XmlElement(String namespace, String name, Map<String, String> attributes, String text,
        List<XmlElement> children, boolean nil, String xsiType) {

    boolean is(String namespace, String name) {
        return this.namespace.equals(namespace) && this.name.equals(name);
    }

    Optional<XmlElement> child(String namespace, String name) {
        return children.stream().filter(c -> c.is(namespace, name)).findFirst();
    }

    /** The first child of that local name in any namespace (where senders differ: w:Items and n:Items). */
    Optional<XmlElement> childNamed(String name) {
        return children.stream().filter(c -> c.name.equals(name)).findFirst();
    }

    /** The trimmed text of a child, null when there is no such child. */
    String childText(String namespace, String name) {
        return child(namespace, name).map(c -> c.text.strip()).orElse(null);
    }

    /** All the text below this element, trimmed (a message with markup inside). */
    String deepText() {
        if (children.isEmpty()) {
            return text.strip();
        }
        StringBuilder out = new StringBuilder();
        for (XmlElement child : children) {
            String part = child.deepText();
            if (!part.isEmpty()) {
                out.append(out.length() == 0 ? "" : " ").append(part);
            }
        }
        return out.toString();
    }

    String qualifiedName() {
        return "{" + namespace + "}" + name;
    }
}
