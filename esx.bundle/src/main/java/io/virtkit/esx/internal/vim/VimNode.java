package io.virtkit.esx.internal.vim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One element of a vSphere SOAP message, requests and responses alike: its local name, its {@code xsi:type}
 * (local part), plain attributes (a reference's {@code type}), text and child elements, in document order.
 * The driver reads only the fields it asks for, so a server newer than this code (more fields, more types)
 * cannot break parsing, which is what breaks the generated vSphere clients. Immutable.
 */
public final class VimNode {

    private final String name;
    private final String xsiType;
    private final Map<String, String> attributes;
    private final String text;
    private final List<VimNode> children;

    VimNode(String name, String xsiType, Map<String, String> attributes, String text, List<VimNode> children) {
        this.name = Objects.requireNonNull(name, "name");
        this.xsiType = xsiType;
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        this.text = text == null ? "" : text;
        this.children = List.copyOf(children);
    }

    /** An element holding text: {@code <name>text</name>}. */
    public static VimNode leaf(String name, String text) {
        return new VimNode(name, null, Map.of(), text, List.of());
    }

    /** An element holding other elements, nulls skipped (optional request fields). */
    public static VimNode of(String name, VimNode... children) {
        List<VimNode> kept = new ArrayList<>();
        for (VimNode child : children) {
            if (child != null) {
                kept.add(child);
            }
        }
        return new VimNode(name, null, Map.of(), "", kept);
    }

    /** An element holding other elements. */
    public static VimNode of(String name, List<VimNode> children) {
        return new VimNode(name, null, Map.of(), "", children);
    }

    /** A managed object reference: {@code <name type="T">value</name>}. */
    public static VimNode moRef(String name, MoRef ref) {
        return new VimNode(name, null, Map.of("type", ref.type()), ref.value(), List.of());
    }

    /** This element with {@code xsi:type} set: for fields whose declared type is a base type. */
    public VimNode typed(String type) {
        return new VimNode(name, type, attributes, text, children);
    }

    public String name() {
        return name;
    }

    /** The {@code xsi:type} without its prefix, if the element has one. */
    public Optional<String> xsiType() {
        return Optional.ofNullable(xsiType);
    }

    public Map<String, String> attributes() {
        return attributes;
    }

    public String attribute(String attributeName) {
        return attributes.get(attributeName);
    }

    /** The element's own text, empty when it has none. */
    public String text() {
        return text;
    }

    public List<VimNode> children() {
        return children;
    }

    /** The first child of that name. */
    public Optional<VimNode> child(String childName) {
        for (VimNode child : children) {
            if (child.name.equals(childName)) {
                return Optional.of(child);
            }
        }
        return Optional.empty();
    }

    /** Every child of that name (an array's items). */
    public List<VimNode> children(String childName) {
        List<VimNode> found = new ArrayList<>();
        for (VimNode child : children) {
            if (child.name.equals(childName)) {
                found.add(child);
            }
        }
        return found;
    }

    /** The node at a dotted path of child names ({@code summary.config.name}), if every step exists. */
    public Optional<VimNode> at(String path) {
        VimNode node = this;
        for (String step : path.split("\\.")) {
            Optional<VimNode> next = node.child(step);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            node = next.get();
        }
        return Optional.of(node);
    }

    /** The text at a dotted path, or null when the path is missing. */
    public String textAt(String path) {
        return at(path).map(VimNode::text).orElse(null);
    }

    /** This element read as a managed object reference. */
    public MoRef asMoRef() {
        String type = attributes.get("type");
        if (type == null) {
            throw new VimProtocolException("element <" + name + "> is not a managed object reference");
        }
        return new MoRef(type, text);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        VimXmlWriter.appendForDebugging(this, out);
        return out.toString();
    }
}
