package io.virtkit.esx.internal;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.InterfaceDevice;

/**
 * MAC addresses for the interfaces a domain XML gives none, as libvirt's ESX driver makes them: random under
 * VMware's prefix {@code 00:0c:29} (its VMX rules write those as {@code generated} addresses), where the model's
 * parse, like libvirt's QEMU driver, makes {@code 52:54:00} ones (which a VMX can only hold as static addresses).
 */
final class EsxMacAddresses {

    private EsxMacAddresses() {
    }

    /** {@code def} (parsed from {@code xml}) with a VMware address for each interface {@code xml} gives none. */
    static DomainDefinition vmwareForMissing(String xml, DomainDefinition def) {
        List<Boolean> given = interfacesWithMac(xml);
        List<InterfaceDevice> interfaces = def.devices().interfaces();
        if (given.size() != interfaces.size() || !given.contains(false)) {
            return def; // nothing generated (or not the document the definition came from: left alone)
        }
        List<InterfaceDevice> fixed = new ArrayList<>(interfaces.size());
        for (int i = 0; i < interfaces.size(); i++) {
            fixed.add(given.get(i) ? interfaces.get(i) : interfaces.get(i).toBuilder().mac(randomVmware()).build());
        }
        return def.toBuilder().devices(def.devices().toBuilder().interfaces(fixed).build()).build();
    }

    /** For each {@code <devices><interface>} in document order: whether it has a {@code <mac address>}. */
    private static List<Boolean> interfacesWithMac(String xml) {
        Document doc = parse(xml);
        List<Boolean> given = new ArrayList<>();
        for (Element devices : children(doc.getDocumentElement(), "devices")) {
            for (Element nic : children(devices, "interface")) {
                given.add(children(nic, "mac").stream().anyMatch(m -> m.hasAttribute("address")));
            }
        }
        return given;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName() == null ? e.getTagName() : e.getLocalName())) {
                found.add(e);
            }
        }
        return found;
    }

    private static Document parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            // the model's parse accepted this document a moment ago
            throw EsxErrors.internal("Cannot read the domain XML's interfaces: " + e.getMessage());
        }
    }

    private static String randomVmware() {
        byte[] tail = new byte[3];
        ThreadLocalRandom.current().nextBytes(tail);
        return "00:0c:29:" + HexFormat.ofDelimiter(":").formatHex(tail);
    }
}
