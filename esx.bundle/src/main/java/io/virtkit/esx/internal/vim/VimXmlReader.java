package io.virtkit.esx.internal.vim;

import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a vSphere SOAP response into {@link VimNode}s with StAX: the body's first element (the method's
 * {@code ...Response}, or a {@code Fault}). DTDs and external entities are refused: the answer comes from the
 * network.
 */
final class VimXmlReader {

    private static final XMLInputFactory FACTORY = newFactory();

    private VimXmlReader() {
    }

    private static XMLInputFactory newFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }

    /** The body's first element of the envelope in {@code in}. */
    static VimNode body(InputStream in) {
        try {
            XMLStreamReader xml = FACTORY.createXMLStreamReader(in, "UTF-8");
            try {
                boolean inBody = false;
                while (xml.hasNext()) {
                    int event = xml.next();
                    if (event != XMLStreamConstants.START_ELEMENT) {
                        continue;
                    }
                    if (inBody) {
                        return element(xml);
                    }
                    if ("Body".equals(xml.getLocalName())) {
                        inBody = true;
                    }
                }
                throw new VimProtocolException("the answer holds no SOAP body");
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            throw new VimProtocolException("malformed SOAP answer: " + e.getMessage(), e);
        }
    }

    /** Reads the element the reader stands on, with everything under it; returns at its end tag. */
    private static VimNode element(XMLStreamReader xml) throws XMLStreamException {
        Deque<Builder> open = new ArrayDeque<>();
        open.push(Builder.of(xml));
        while (xml.hasNext()) {
            int event = xml.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> open.push(Builder.of(xml));
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> open.peek().text.append(xml.getText());
                case XMLStreamConstants.END_ELEMENT -> {
                    VimNode done = open.pop().build();
                    if (open.isEmpty()) {
                        return done;
                    }
                    open.peek().children.add(done);
                }
                default -> {
                    // comments, whitespace outside elements: nothing to keep
                }
            }
        }
        throw new VimProtocolException("the SOAP answer ends inside an element");
    }

    private static final class Builder {
        final String name;
        final String type;
        final Map<String, String> attributes;
        final StringBuilder text = new StringBuilder();
        final List<VimNode> children = new ArrayList<>();

        private Builder(String name, String type, Map<String, String> attributes) {
            this.name = name;
            this.type = type;
            this.attributes = attributes;
        }

        static Builder of(XMLStreamReader xml) {
            String type = null;
            Map<String, String> attributes = new LinkedHashMap<>();
            for (int i = 0; i < xml.getAttributeCount(); i++) {
                String ns = xml.getAttributeNamespace(i);
                String local = xml.getAttributeLocalName(i);
                if (XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI.equals(ns)) {
                    if ("type".equals(local)) {
                        String value = xml.getAttributeValue(i);
                        type = value.substring(value.indexOf(':') + 1);
                    }
                } else {
                    attributes.put(local, xml.getAttributeValue(i));
                }
            }
            return new Builder(xml.getLocalName(), type, attributes);
        }

        VimNode build() {
            return new VimNode(name, type, attributes, children.isEmpty() ? text.toString() : "", children);
        }
    }
}
