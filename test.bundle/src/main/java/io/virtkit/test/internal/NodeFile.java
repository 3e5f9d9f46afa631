package io.virtkit.test.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import io.virtkit.api.DomainState;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.NodeInfo;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.model.network.NetworkXmlCodec;

/**
 * Reads a libvirt test-driver node file: {@code <node>} with the host's {@code <cpu>} (nodes, sockets,
 * cores, threads, active, mhz, model) and {@code <memory>} in KiB, and {@code <domain>} elements,
 * inline or as {@code <domain file='relative/or/absolute.xml'/>}. A domain may carry libvirt's test
 * namespace elements {@code <test:runstate>N</test:runstate>} (a {@code virDomainState} number, running
 * by default), {@code <test:transient/>} and {@code <test:hasmanagedsave/>} (shut off domains only).
 * {@code <network>} elements, inline or as {@code <network file='…'/>}, become active, persistent
 * networks, as in libvirt; {@code <pool>} elements (inline or as {@code <pool file='…'/>}) active,
 * persistent storage pools with the {@code <volume>} elements they hold (inline or by file). Anything else is ignored.
 * Any problem gives an XML_ERROR naming the file and the fault; nothing is kept from a bad file.
 */
final class NodeFile {
    private NodeFile() {
    }

    static final String TEST_NAMESPACE = "http://libvirt.org/schemas/domain/test/1.0";

    /** libvirt's defaults for whatever a node file leaves out. */
    static final NodeInfo DEFAULT_NODE_INFO = new NodeInfo("i686", 3145728, 16, 1400, 2, 2, 2, 2);

    static TestState load(Path file, LongSupplier clock) {
        Element root = parse(file, "node");
        NodeInfo nodeInfo = nodeInfo(root);
        TestState state = new TestState(nodeInfo, TestCapabilities.format(List.of()), clock);
        for (Element domain : children(root, "domain")) {
            Element def = domain;
            String ref = domain.getAttribute("file");
            if (!ref.isEmpty()) {
                Path target = file.resolveSibling(ref);
                def = parse(target, "domain");
            }
            loadDomain(state, def);
        }
        for (Element network : children(root, "network")) {
            Element def = network;
            String ref = network.getAttribute("file");
            if (!ref.isEmpty()) {
                def = parse(file.resolveSibling(ref), "network");
            }
            state.networks().load(NetworkXmlCodec.parse(serialize(def)));
        }
        for (Element pool : children(root, "pool")) {
            Element def = pool;
            String ref = pool.getAttribute("file");
            if (!ref.isEmpty()) {
                def = parse(file.resolveSibling(ref), "pool");
            }
            List<String> volumes = new ArrayList<>();
            for (Element volume : children(def, "volume")) {
                String volumeRef = volume.getAttribute("file");
                volumes.add(serialize(volumeRef.isEmpty() ? volume : parse(file.resolveSibling(volumeRef), "volume")));
            }
            state.storage().load(serialize(withoutVolumes(def)), volumes);
        }
        return state;
    }

    /** The pool element without the node file's {@code <volume>} children, which pool XML does not have. */
    private static Element withoutVolumes(Element pool) {
        Element copy = (Element) pool.cloneNode(true);
        for (Element volume : children(copy, "volume")) {
            copy.removeChild(volume);
        }
        return copy;
    }

    private static void loadDomain(TestState state, Element domain) {
        boolean isTransient = false;
        boolean managedSave = false;
        DomainState runState = DomainState.RUNNING;
        List<Node> extensions = new ArrayList<>();
        for (Node n = domain.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && TEST_NAMESPACE.equals(e.getNamespaceURI())) {
                extensions.add(e);
                if ("transient".equals(e.getLocalName())) {
                    isTransient = true;
                } else if ("hasmanagedsave".equals(e.getLocalName())) {
                    managedSave = true;
                } else if ("runstate".equals(e.getLocalName())) {
                    runState = runState(e.getTextContent().trim());
                }
            }
        }
        if (isTransient && runState == DomainState.SHUTOFF) {
            throw xmlError("transient domain cannot have runstate 'shutoff'");
        }
        if (managedSave && runState != DomainState.SHUTOFF) {
            throw xmlError("domain with managedsave data can only have runstate 'shutoff'");
        }
        for (Node n : extensions) {
            domain.removeChild(n);
        }
        state.domains().load(DomainXmlCodec.parse(serialize(domain)), !isTransient, runState, managedSave);
    }

    private static DomainState runState(String text) {
        int number;
        try {
            number = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw xmlError("invalid runstate");
        }
        if (number < 0 || number >= DomainState.values().length) {
            throw xmlError("runstate '" + number + "' out of range");
        }
        return DomainState.ofNumber(number);
    }

    private static NodeInfo nodeInfo(Element root) {
        NodeInfo d = DEFAULT_NODE_INFO;
        Element cpu = first(root, "cpu");
        int nodes = (int) number(cpu, "nodes", "node cpu nodes", d.numaNodes());
        int sockets = (int) number(cpu, "sockets", "node cpu sockets", d.sockets());
        int cores = (int) number(cpu, "cores", "node cpu cores", d.coresPerSocket());
        int threads = (int) number(cpu, "threads", "node cpu threads", d.threadsPerCore());
        int cpus = nodes * sockets * cores * threads;
        long active = number(cpu, "active", "node cpu active", cpus);
        cpus = (int) Math.min(cpus, active);
        int mhz = (int) number(cpu, "mhz", "node cpu mhz", d.mhz());
        Element model = cpu == null ? null : first(cpu, "model");
        String cpuModel = model == null ? d.cpuModel() : model.getTextContent().trim();
        long memory = number(root, "memory", "node memory", d.memoryKiB());
        return new NodeInfo(cpuModel, memory, cpus, mhz, nodes, sockets, cores, threads);
    }

    private static long number(Element parent, String name, String what, long fallback) {
        Element e = parent == null ? null : first(parent, name);
        if (e == null) {
            return fallback;
        }
        try {
            return Long.parseLong(e.getTextContent().trim());
        } catch (NumberFormatException ex) {
            throw xmlError("invalid " + what + " value");
        }
    }

    private static Element parse(Path file, String rootName) {
        Document doc;
        try (InputStream in = Files.newInputStream(file)) {
            doc = builder().parse(in, file.toUri().toString());
        } catch (SAXParseException e) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.XML, "failed to parse xml document '" + file
                    + "': line " + e.getLineNumber() + ": " + e.getMessage(), e);
        } catch (IOException | SAXException e) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.XML,
                    "failed to parse xml document '" + file + "'", e);
        }
        Element root = doc.getDocumentElement();
        String actual = root.getLocalName() == null ? root.getNodeName() : root.getLocalName();
        if (!rootName.equals(actual)) {
            throw xmlError("expecting root element of '" + rootName + "', not '" + actual + "'");
        }
        return root;
    }

    /** A namespace-aware parser that refuses DTDs, so a node file cannot pull in other files or URLs. */
    private static DocumentBuilder builder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b;
        } catch (ParserConfigurationException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.XML, "no XML parser: " + e.getMessage(), e);
        }
    }

    private static String serialize(Element e) {
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(e), new StreamResult(out));
            return out.toString();
        } catch (TransformerException ex) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.XML,
                    "cannot serialize an element of the node file: " + ex.getMessage(), ex);
        }
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> result = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getNamespaceURI() == null && name.equals(e.getLocalName())) {
                result.add(e);
            }
        }
        return result;
    }

    private static Element first(Element parent, String name) {
        List<Element> all = children(parent, name);
        return all.isEmpty() ? null : all.get(0);
    }

    private static VirtException xmlError(String detail) {
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.TEST, detail);
    }
}
