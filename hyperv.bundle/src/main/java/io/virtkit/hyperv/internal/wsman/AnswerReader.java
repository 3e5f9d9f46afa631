package io.virtkit.hyperv.internal.wsman;

import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a SOAP 1.2 answer envelope with StAX: the addressing headers ({@code a:Action}, {@code a:MessageID},
 * {@code a:RelatesTo}) and the body's element (the answer, or an {@code s:Fault}).
 */
final class AnswerReader {

    /** An answer: its addressing headers (null when absent) and the body's first element. */
    record Answer(String action, String messageId, String relatesTo, XmlElement body) {

        boolean isFault() {
            return body.is(WsmanUris.SOAP, "Fault");
        }
    }

    private AnswerReader() {
    }

    /** The answer in {@code bytes}; {@link WsmanProtocolException} when they are not a SOAP 1.2 envelope. */
    static Answer read(byte[] bytes) {
        XmlElement envelope;
        try {
            XMLStreamReader xml = XmlFactories.INPUT.createXMLStreamReader(new ByteArrayInputStream(bytes));
            try {
                xml.nextTag();
                envelope = element(xml);
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            throw new WsmanProtocolException("the answer is not XML: " + e.getMessage(), e);
        }
        if (!envelope.is(WsmanUris.SOAP, "Envelope")) {
            throw new WsmanProtocolException("the answer is not a SOAP 1.2 envelope but " + envelope.qualifiedName());
        }
        XmlElement header = envelope.child(WsmanUris.SOAP, "Header").orElse(null);
        XmlElement body = envelope.child(WsmanUris.SOAP, "Body")
                .orElseThrow(() -> new WsmanProtocolException("the answer has no SOAP body"));
        if (body.children().isEmpty()) {
            throw new WsmanProtocolException("the answer's SOAP body is empty");
        }
        return new Answer(header(header, "Action"), header(header, "MessageID"), header(header, "RelatesTo"),
                body.children().get(0));
    }

    private static String header(XmlElement header, String name) {
        return header == null ? null : header.childText(WsmanUris.ADDRESSING, name);
    }

    /** Reads the element the reader stands on, with everything under it; returns at its end tag. */
    private static XmlElement element(XMLStreamReader xml) throws XMLStreamException {
        Deque<Builder> open = new ArrayDeque<>();
        open.push(new Builder(xml));
        while (true) {
            switch (xml.next()) {
                case XMLStreamConstants.START_ELEMENT -> open.push(new Builder(xml));
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        open.peek().text.append(xml.getText());
                case XMLStreamConstants.END_ELEMENT -> {
                    XmlElement done = open.pop().build();
                    if (open.isEmpty()) {
                        return done;
                    }
                    open.peek().children.add(done);
                }
                case XMLStreamConstants.END_DOCUMENT -> throw new XMLStreamException("the answer ends inside an element");
                default -> {
                    // comments, processing instructions: nothing to keep
                }
            }
        }
    }

    private static final class Builder {
        final String namespace;
        final String name;
        final Map<String, String> attributes = new LinkedHashMap<>();
        final StringBuilder text = new StringBuilder();
        final List<XmlElement> children = new ArrayList<>();
        boolean nil;
        String xsiType;

        Builder(XMLStreamReader xml) {
            namespace = xml.getNamespaceURI() == null ? "" : xml.getNamespaceURI();
            name = xml.getLocalName();
            for (int i = 0; i < xml.getAttributeCount(); i++) {
                String local = xml.getAttributeLocalName(i);
                String value = xml.getAttributeValue(i);
                if (WsmanUris.XSI.equals(xml.getAttributeNamespace(i))) {
                    if ("nil".equals(local)) {
                        nil = "true".equals(value.strip()) || "1".equals(value.strip());
                    } else if ("type".equals(local)) {
                        xsiType = value.substring(value.indexOf(':') + 1);
                    }
                } else {
                    attributes.put(local, value);
                }
            }
        }

        XmlElement build() {
            return new XmlElement(namespace, name, Map.copyOf(attributes), children.isEmpty() ? text.toString() : "",
                    List.copyOf(children), nil, xsiType);
        }
    }
}
