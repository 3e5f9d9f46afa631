package io.virtkit.model.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One element of a domain definition held as an immutable tree: for the top-level families outside
 * {@code <devices>} that have no record of their own yet (sysinfo, seclabel, memtune, numatune …). Only keys libvirt's schema allows are read into it (the codec is strict), so a
 * driver may rely on the names; what a driver honours it reads through {@link #attr}, {@link #child} and
 * {@link #childText}, and what it cannot honour it refuses.
 *
 * @param prefix     the namespace prefix written ({@code qemu} for {@code qemu:commandline}), or {@code null}
 * @param namespace  the namespace URI, or {@code null} for libvirt's own elements
 * @param name       the local name
 * @param attributes the attributes in document order (qualified names for namespaced ones)
 * @param text       the text when the element has no child elements, else {@code null}
 * @param children   the child elements in document order
 */
public record DomainElement(String prefix, String namespace, String name, Map<String, String> attributes, String text,
        List<DomainElement> children) {

    public DomainElement {
        Objects.requireNonNull(name, "name");
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        children = List.copyOf(children);
        if (!children.isEmpty()) {
            text = null;
        }
    }

    /** An element of libvirt's own (no namespace). */
    public static DomainElement of(String name, Map<String, String> attributes, String text,
            List<DomainElement> children) {
        return new DomainElement(null, null, name, attributes, text, children);
    }

    /** An attribute's value, {@code null} when absent. */
    public String attr(String attribute) {
        return attributes.get(attribute);
    }

    /** The first child of that local name, {@code null} without one. */
    public DomainElement child(String childName) {
        for (DomainElement c : children) {
            if (c.name.equals(childName)) {
                return c;
            }
        }
        return null;
    }

    /** The children of that local name. */
    public List<DomainElement> children(String childName) {
        List<DomainElement> result = new ArrayList<>();
        for (DomainElement c : children) {
            if (c.name.equals(childName)) {
                result.add(c);
            }
        }
        return result;
    }

    /** The trimmed text of the first child of that name, {@code null} without one. */
    public String childText(String childName) {
        DomainElement c = child(childName);
        return c == null || c.text == null ? c == null ? null : "" : c.text.strip();
    }

    /** Whether a child's {@code state} (or {@code enabled}) is on: the element is there and not turned off. */
    public boolean isOn(String childName) {
        DomainElement c = child(childName);
        return c != null && !"off".equals(c.attr("state")) && !"no".equals(c.attr("enabled"));
    }

    /** The name as written: {@code prefix:name}, or the name alone. */
    public String qualifiedName() {
        return prefix == null ? name : prefix + ":" + name;
    }
}
