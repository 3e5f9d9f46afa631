package io.virtkit.model.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Walks libvirt's network schema ({@code network.rng} and the grammars it includes) and checks that every
 * element and attribute it allows is written back by the codec for some sample: what the model does not
 * keep would be dropped silently, and shows up here as a missing {@code parent/element@attribute}.
 */
class NetworkSchemaCoverageTest {

    private static final String RNG = "http://relaxng.org/ns/structure/1.0";
    private static final Path SCHEMAS = Path.of(System.getProperty("virtkit.libvirtSchemas",
            "/usr/share/libvirt/schemas"));

    private final Map<String, Element> defines = new HashMap<>();
    private final Set<String> schemaNames = new TreeSet<>();
    private final Set<String> visited = new HashSet<>();

    @Test
    void everyElementAndAttributeOfTheSchemaIsWrittenForSomeSample() throws Exception {
        Path network = SCHEMAS.resolve("network.rng");
        if (!Files.isReadable(network)) {
            NetworkXmlSchemaTest.validatorUnavailable(network + " is not installed (Debian package libvirt-clients)",
                    System.getenv("CI"));
        }
        Document rng = load(network);
        collectDefines(rng.getDocumentElement(), network.getParent());
        Element start = first(rng.getDocumentElement(), "start");
        walk(start, "", "");

        Set<String> written = new TreeSet<>();
        for (String sample : NetworkSamples.NAMES) {
            String xml = NetworkXmlCodec.format(NetworkXmlCodec.parse(NetworkSamples.read(sample)));
            Document doc = parse(xml);
            collectWritten(doc.getDocumentElement(), "", written);
        }

        // sanity: the walk found the schema (a broken walk would make the check below vacuous)
        assertThat(schemaNames).contains("network", "forward/nat", "nat/address@start", "dhcp/host@id",
                "virtualport/parameters@instanceid", "bandwidth/inbound@floor", "network/route@metric");
        Set<String> missing = new TreeSet<>(schemaNames);
        missing.removeAll(written);
        // floor is refused outside an interface on a network (libvirt's rule), so no network can carry it
        missing.remove("bandwidth/inbound@floor");
        missing.remove("bandwidth/outbound@floor");
        assertThat(missing).as("schema names no sample writes back").isEmpty();
    }

    private void walk(Element node, String parent, String current) {
        for (Node n = node.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element e) || !RNG.equals(e.getNamespaceURI())) {
                continue;
            }
            switch (e.getLocalName()) {
                case "element" -> {
                    if (!e.hasAttribute("name")) {
                        continue; // anyName: an application's metadata element, kept verbatim
                    }
                    String key = current.isEmpty() ? e.getAttribute("name") : current + "/" + e.getAttribute("name");
                    schemaNames.add(key);
                    if (visited.add("element:" + key)) {
                        walk(e, current, e.getAttribute("name"));
                    }
                }
                case "attribute" -> {
                    if (e.hasAttribute("name")) {
                        String owner = parent.isEmpty() ? current : parent + "/" + current;
                        schemaNames.add(owner + "@" + e.getAttribute("name"));
                    }
                }
                case "ref" -> {
                    String name = e.getAttribute("name");
                    if (visited.add("ref:" + name + "@" + parent + "/" + current)) {
                        walk(defines.get(name), parent, current);
                    }
                }
                default -> walk(e, parent, current);
            }
        }
    }

    private void collectWritten(Element e, String parent, Set<String> out) {
        String name = e.getLocalName();
        out.add(parent.isEmpty() ? name : parent + "/" + name);
        if ("metadata".equals(name)) {
            return;
        }
        for (int i = 0; i < e.getAttributes().getLength(); i++) {
            String a = e.getAttributes().item(i).getNodeName();
            if (!a.startsWith("xmlns")) {
                out.add((parent.isEmpty() ? "" : parent + "/") + name + "@" + a);
            }
        }
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                collectWritten(c, name, out);
            }
        }
    }

    private void collectDefines(Element grammar, Path dir) throws Exception {
        for (Node n = grammar.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && RNG.equals(e.getNamespaceURI())) {
                if (e.getLocalName().equals("define")) {
                    defines.putIfAbsent(e.getAttribute("name"), e);
                } else if (e.getLocalName().equals("include")) {
                    collectDefines(load(dir.resolve(e.getAttribute("href"))).getDocumentElement(), dir);
                }
            }
        }
    }

    private static Element first(Element parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        throw new AssertionError("no <" + localName + "> in the schema");
    }

    private static Document load(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(file.toFile());
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new org.xml.sax.InputSource(new java.io.StringReader(xml)));
    }
}
