package io.virtkit.model.internal.domain;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The keys a RELAX NG schema allows (element paths from the root, {@code ELEMENT@ATTRIBUTE}), as
 * {@link io.virtkit.model.internal.xml.XmlKeys} names them: the schema is walked from its start through its
 * defines and includes. A recursive element (a backing store in a backing store) is entered once per path.
 * Values, data types and the choice between alternatives do not matter here: every name anywhere counts.
 */
public final class RngKeys {
    private static final String RNG = "http://relaxng.org/ns/structure/1.0";

    private final Map<String, List<Element>> defines = new HashMap<>();
    private final List<Element> starts = new ArrayList<>();
    private final Set<String> visited = new HashSet<>();
    private final Set<String> elements = new TreeSet<>();
    private final Set<String> attributes = new TreeSet<>();

    private RngKeys() {
    }

    /** The element and attribute keys of the schema in {@code file}. */
    public static RngKeys of(Path file) throws Exception {
        RngKeys keys = new RngKeys();
        keys.load(file, new HashSet<>());
        for (Element start : keys.starts) {
            keys.walkChildren(start, null);
        }
        return keys;
    }

    public Set<String> elements() {
        return elements;
    }

    public Set<String> attributes() {
        return attributes;
    }

    private void load(Path file, Set<Path> loaded) throws Exception {
        if (!loaded.add(file.normalize())) {
            return;
        }
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Element grammar = factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
        for (Element e : rngChildren(grammar)) {
            switch (e.getLocalName()) {
                case "include" -> {
                    load(file.resolveSibling(e.getAttribute("href")), loaded);
                    // defines inside an include override the included ones; a union is enough here
                    for (Element d : rngChildren(e)) {
                        addDefine(d);
                    }
                }
                case "define" -> addDefine(e);
                case "start" -> starts.add(e);
                default -> {
                }
            }
        }
    }

    private void addDefine(Element d) {
        if ("define".equals(d.getLocalName())) {
            defines.computeIfAbsent(d.getAttribute("name"), k -> new ArrayList<>()).add(d);
        }
    }

    private void walk(Element n, String path) throws IOException {
        switch (n.getLocalName()) {
            case "element" -> {
                List<Element> content = rngChildren(n);
                List<String> names = names(n, true);
                if (!n.hasAttribute("name")) {
                    content = content.subList(1, content.size());
                }
                for (String name : names) {
                    String childPath = path == null ? name : path + "/" + name;
                    elements.add(childPath);
                    boolean recursive = path != null && ("/" + path + "/").contains("/" + name + "/");
                    if (!recursive) {
                        for (Element c : content) {
                            walk(c, childPath);
                        }
                    }
                }
            }
            case "attribute" -> {
                for (String name : names(n, false)) {
                    attributes.add(path + "@" + name);
                }
            }
            case "ref" -> {
                String name = n.getAttribute("name");
                if (visited.add(path + "|" + name)) {
                    List<Element> bodies = defines.get(name);
                    if (bodies == null) {
                        throw new IOException("undefined ref " + name);
                    }
                    for (Element d : bodies) {
                        walkChildren(d, path);
                    }
                }
            }
            case "data", "value", "text", "empty", "param", "except", "notAllowed", "parentRef" -> {
            }
            default -> walkChildren(n, path);
        }
    }

    private void walkChildren(Element n, String path) throws IOException {
        for (Element c : rngChildren(n)) {
            walk(c, path);
        }
    }

    /** The names an element or attribute pattern allows; {@code *} for any name. */
    private static List<String> names(Element pattern, boolean element) {
        String ns = element ? namespace(pattern) : pattern.getAttribute("ns");
        if (pattern.hasAttribute("name")) {
            return List.of(qualified(ns, pattern.getAttribute("name")));
        }
        List<String> names = new ArrayList<>();
        nameClass(rngChildren(pattern).get(0), ns, names);
        return names;
    }

    private static void nameClass(Element nc, String ns, List<String> into) {
        switch (nc.getLocalName()) {
            case "name" -> into.add(qualified(nc.hasAttribute("ns") ? nc.getAttribute("ns") : ns,
                    nc.getTextContent().strip()));
            case "choice" -> rngChildren(nc).forEach(c -> nameClass(c, ns, into));
            case "anyName", "nsName" -> into.add("*");
            default -> throw new IllegalArgumentException("name class " + nc.getLocalName());
        }
    }

    /** An element pattern's namespace: its own {@code ns} or the nearest ancestor's in the schema file. */
    private static String namespace(Element pattern) {
        for (Node n = pattern; n instanceof Element e; n = n.getParentNode()) {
            if (e.hasAttribute("ns")) {
                return e.getAttribute("ns");
            }
        }
        return "";
    }

    private static String qualified(String ns, String name) {
        return ns == null || ns.isEmpty() ? name : "{" + ns + "}" + name;
    }

    private static List<Element> rngChildren(Element parent) {
        List<Element> result = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && RNG.equals(e.getNamespaceURI())) {
                result.add(e);
            }
        }
        return result;
    }
}
