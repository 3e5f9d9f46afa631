package io.virtkit.model.internal.network;

import io.virtkit.api.ErrorDomain;
import io.virtkit.model.internal.xml.SecureXml;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * {@code <metadata>}: applications' own elements, kept verbatim as libvirt keeps them. The content is held as
 * XML text in the form this class writes, so that writing and reading it again gives the same text; each
 * element declares the namespace it uses, so it stands on its own.
 */
final class MetadataXml {
    private MetadataXml() {
    }

    /** The content of {@code el} as text, or {@code null} when the element is absent. */
    static String parse(Element el) {
        if (el == null) {
            return null;
        }
        XmlWriter w = new XmlWriter();
        writeChildren(w, el);
        return w.toString();
    }

    static void write(XmlWriter w, String metadata) {
        if (metadata == null) {
            return;
        }
        if (metadata.isBlank()) {
            w.empty("metadata");
            return;
        }
        Element parsed = SecureXml.read("<metadata>" + metadata + "</metadata>", ErrorDomain.NETWORK,
                "(network_metadata)").getDocumentElement();
        w.open("metadata");
        writeChildren(w, parsed);
        w.close("metadata");
    }

    private static void writeChildren(XmlWriter w, Element parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                writeElement(w, e);
            }
        }
    }

    private static void writeElement(XmlWriter w, Element e) {
        List<String> attrs = new ArrayList<>();
        String prefix = e.getPrefix();
        String nsAttr = prefix == null ? "xmlns" : "xmlns:" + prefix;
        if (e.getNamespaceURI() != null && !e.hasAttribute(nsAttr)) {
            attrs.add(nsAttr);
            attrs.add(e.getNamespaceURI());
        }
        NamedNodeMap map = e.getAttributes();
        // namespace declarations first, as they are usually written
        for (boolean declarations : new boolean[] {true, false}) {
            for (int i = 0; i < map.getLength(); i++) {
                Attr a = (Attr) map.item(i);
                if (a.getName().startsWith("xmlns") == declarations) {
                    attrs.add(a.getName());
                    attrs.add(a.getValue());
                }
            }
        }
        String[] attrArray = attrs.toArray(String[]::new);
        boolean hasElements = false;
        StringBuilder text = new StringBuilder();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element) {
                hasElements = true;
            } else if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
                text.append(n.getNodeValue());
            }
        }
        if (hasElements) {
            w.open(e.getTagName(), attrArray);
            writeChildren(w, e);
            w.close(e.getTagName());
        } else if (text.isEmpty()) {
            w.empty(e.getTagName(), attrArray);
        } else {
            w.text(e.getTagName(), text.toString(), attrArray);
        }
    }
}
