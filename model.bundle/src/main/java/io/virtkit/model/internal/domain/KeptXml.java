package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.DomainElement;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The top-level elements outside {@code <devices>} that have no record of their own, read into
 * {@link DomainElement} trees and written back: every key libvirt's schema allows there is declared in
 * {@code kept-keys.txt} beside this class, so the strict cursor still reads nothing else and
 * {@code DomainKeys.KEYS.check} refuses what the schema does not have. {@code <memory>}'s typed codec keeps
 * the rest of its element here ({@link #remainder}) and merges it
 * back when writing ({@link #merge}).
 */
final class KeptXml {

    /** The keys read into trees, relative to {@code <domain>}. */
    static final List<String> MODELLED = load("kept-keys.txt");

    static final String QEMU_NS = "http://libvirt.org/schemas/domain/qemu/1.0";
    static final String LXC_NS = "http://libvirt.org/schemas/domain/lxc/1.0";

    /** The namespaces libvirt's drivers define on {@code <domain>}, with the prefix each writes. */
    static final Map<String, String> PREFIXES = Map.of(QEMU_NS, "qemu", LXC_NS, "lxc",
            "http://libvirt.org/schemas/domain/bhyve/1.0", "bhyve",
            "http://libvirt.org/schemas/domain/xen/1.0", "xen",
            "http://libvirt.org/schemas/domain/vmware/1.0", "vmware");

    /** Elements of {@code <domain>} kept whole, by the element libvirt writes them after. */
    static final List<String> AFTER_UUID = List.of();
    static final List<String> AFTER_DESCRIPTION = List.of("metadata");
    static final List<String> AFTER_CURRENT_MEMORY = List.of();
    static final List<String> AFTER_CPUTUNE = List.of();
    static final List<String> AFTER_ON_CRASH = List.of();
    static final List<String> AFTER_DEVICES = List.of();
    /** The namespaced elements kept, written last as libvirt's drivers do. */
    static final List<String> NAMESPACED = List.of();

    /**
     * libvirt's attribute order where it is not the parser's (DOM gives attributes sorted by name), by element
     * name; attributes not listed follow in the parser's order.
     */
    private static final Map<String, List<String>> ATTRIBUTE_ORDER = Map.ofEntries(
            Map.entry("memory", List.of("dumpCore", "mode", "placement", "nodeset", "unit")),
            Map.entry("feature", List.of("policy", "enabled", "name")),
            Map.entry("bank", List.of("id", "level", "type", "size", "unit")),
            Map.entry("uid", List.of("start", "target", "count")),
            Map.entry("gid", List.of("start", "target", "count")));

    private KeptXml() {
    }

    /** The whole-kept elements of {@code <domain>}, in libvirt's order. */
    static List<DomainElement> parseTopLevel(XmlCursor root) {
        List<DomainElement> result = new ArrayList<>();
        for (List<String> group : List.of(AFTER_UUID, AFTER_DESCRIPTION, AFTER_CURRENT_MEMORY,
                AFTER_CPUTUNE, AFTER_ON_CRASH, AFTER_DEVICES, NAMESPACED)) {
            for (String name : group) {
                for (XmlCursor c : root.children(name)) {
                    result.add(read(c));
                }
            }
        }
        return result;
    }

    /** An element with every declared attribute and child. */
    static DomainElement read(XmlCursor c) {
        Map<String, String> attributes = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(c.declaredAttributes());
        List<String> order = c.namespace() == null ? ATTRIBUTE_ORDER.get(c.name()) : null;
        if (order != null) {
            names.sort(Comparator.comparingInt(a -> order.contains(a) ? order.indexOf(a) : order.size()));
        }
        for (String a : names) {
            attributes.put(a, c.declaredAttribute(a));
        }
        List<DomainElement> children = new ArrayList<>();
        for (XmlCursor child : c.declaredChildren()) {
            children.add(read(child));
        }
        String text = c.hasChildElements() ? null : c.text();
        return new DomainElement(c.prefix(), c.namespace(), c.name(), attributes, text, children);
    }

    /**
     * What a typed codec does not read of its element: the attributes and children other than {@code typed}
     * ({@code "@name"} for an attribute, a name for children), as an element of the same name; {@code null}
     * when nothing remains.
     */
    static DomainElement remainder(XmlCursor c, Set<String> typed) {
        if (c == null) {
            return null;
        }
        DomainElement all = read(c);
        Map<String, String> attributes = new LinkedHashMap<>();
        all.attributes().forEach((k, v) -> {
            if (!typed.contains("@" + k)) {
                attributes.put(k, v);
            }
        });
        List<DomainElement> children = all.children().stream().filter(e -> !typed.contains(e.name())).toList();
        if (attributes.isEmpty() && children.isEmpty()) {
            return null;
        }
        return DomainElement.of(all.name(), attributes, null, children);
    }

    /**
     * A typed codec's element with the remainder merged in: the typed attributes first, then the others;
     * the children of both ordered by {@code childOrder} (libvirt's), the order of either kept otherwise.
     */
    static DomainElement merge(DomainElement typed, DomainElement rest, List<String> childOrder) {
        if (rest == null) {
            return typed;
        }
        Map<String, String> attributes = new LinkedHashMap<>(typed.attributes());
        rest.attributes().forEach(attributes::putIfAbsent);
        List<DomainElement> children = new ArrayList<>(typed.children());
        children.addAll(rest.children());
        children.sort(Comparator.comparingInt(e -> {
            int i = childOrder.indexOf(e.name());
            return i < 0 ? childOrder.size() : i;
        }));
        return new DomainElement(typed.prefix(), typed.namespace(), typed.name(), attributes,
                children.isEmpty() ? typed.text() : null, children);
    }

    /** Writes the kept elements of {@code names} that {@code elements} holds, in that order. */
    static void writeAll(XmlWriter w, List<DomainElement> elements, List<String> names) {
        for (String name : names) {
            for (DomainElement e : elements) {
                if (key(e).equals(name)) {
                    write(w, e, e.namespace());
                }
            }
        }
    }

    /** The namespace declarations {@code <domain>} carries for its namespaced elements. */
    static List<String> rootNamespaces(List<DomainElement> elements) {
        List<String> attrs = new ArrayList<>();
        for (DomainElement e : elements) {
            if (e.namespace() != null && NAMESPACED.contains(key(e))) {
                String decl = "xmlns:" + prefix(e);
                if (!attrs.contains(decl)) {
                    attrs.add(decl);
                    attrs.add(e.namespace());
                }
            }
        }
        return attrs;
    }

    /**
     * Writes an element; one whose namespace differs from {@code inScope} (a metadata child) declares it, as
     * libvirt writes metadata.
     */
    static void write(XmlWriter w, DomainElement e, String inScope) {
        List<String> attrs = new ArrayList<>();
        String prefix = prefix(e);
        if (e.namespace() != null && !e.namespace().equals(inScope)) {
            attrs.add(prefix == null ? "xmlns" : "xmlns:" + prefix);
            attrs.add(e.namespace());
        }
        e.attributes().forEach((k, v) -> {
            attrs.add(k);
            attrs.add(v);
        });
        String[] a = attrs.toArray(String[]::new);
        String name = prefix == null ? e.name() : prefix + ":" + e.name();
        if (!e.children().isEmpty()) {
            w.open(name, a);
            String scope = e.namespace() != null ? e.namespace() : inScope;
            for (DomainElement c : e.children()) {
                write(w, c, scope);
            }
            w.close(name);
        } else if (e.text() != null && !e.text().isEmpty()) {
            w.text(name, e.text(), a);
        } else {
            w.empty(name, a);
        }
    }

    private static String prefix(DomainElement e) {
        if (e.prefix() != null || e.namespace() == null) {
            return e.prefix();
        }
        return PREFIXES.get(e.namespace());
    }

    private static String key(DomainElement e) {
        return e.namespace() == null ? e.name() : "{" + e.namespace() + "}" + e.name();
    }

    private static List<String> load(String resource) {
        List<String> keys = new ArrayList<>();
        try (InputStream in = KeptXml.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource + " beside " + KeptXml.class);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String key = line.strip();
                if (!key.isEmpty() && !key.startsWith("#")) {
                    keys.add(key);
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return List.copyOf(keys);
    }
}
