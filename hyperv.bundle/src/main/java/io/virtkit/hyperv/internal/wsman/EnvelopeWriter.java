package io.virtkit.hyperv.internal.wsman;

import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes request envelopes (SOAP 1.2) with the headers DSP0226 asks of every request: {@code a:To},
 * {@code w:ResourceURI}, {@code a:ReplyTo} (anonymous), {@code a:Action}, {@code w:MaxEnvelopeSize},
 * {@code a:MessageID}, {@code w:Locale}, {@code w:OperationTimeout}, and the instance's {@code w:SelectorSet}; and
 * the pieces of bodies several requests share (endpoint references).
 */
final class EnvelopeWriter {

    /** WinRM's default limit (MaxEnvelopeSizekb 500). */
    static final int MAX_ENVELOPE_SIZE = 512000;

    private final String to;
    private final String operationTimeout;

    EnvelopeWriter(String to, Duration operationTimeout) {
        this.to = to;
        this.operationTimeout = String.format(java.util.Locale.ROOT, "PT%d.%03dS", operationTimeout.toSeconds(),
                operationTimeout.toMillisPart());
    }

    String write(WsmanRequest request) {
        StringWriter out = new StringWriter(1024);
        try {
            XMLStreamWriter xml = XmlFactories.OUTPUT.createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("s", "Envelope", WsmanUris.SOAP);
            xml.writeNamespace("s", WsmanUris.SOAP);
            xml.writeNamespace("a", WsmanUris.ADDRESSING);
            xml.writeNamespace("w", WsmanUris.WSMAN);
            xml.writeNamespace("n", WsmanUris.ENUMERATION);
            xml.setPrefix("s", WsmanUris.SOAP);
            xml.setPrefix("a", WsmanUris.ADDRESSING);
            xml.setPrefix("w", WsmanUris.WSMAN);
            xml.setPrefix("n", WsmanUris.ENUMERATION);
            writeHeader(xml, request);
            xml.writeStartElement("s", "Body", WsmanUris.SOAP);
            if (request.body() != null) {
                request.body().write(xml);
            }
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the request " + request.operation(), e);
        }
        return out.toString();
    }

    private void writeHeader(XMLStreamWriter xml, WsmanRequest request) throws XMLStreamException {
        xml.writeStartElement("s", "Header", WsmanUris.SOAP);
        text(xml, "a", WsmanUris.ADDRESSING, "To", to, false);
        text(xml, "w", WsmanUris.WSMAN, "ResourceURI", request.resourceUri(), true);
        xml.writeStartElement("a", "ReplyTo", WsmanUris.ADDRESSING);
        text(xml, "a", WsmanUris.ADDRESSING, "Address", WsmanUris.ANONYMOUS, true);
        xml.writeEndElement();
        text(xml, "a", WsmanUris.ADDRESSING, "Action", request.action(), true);
        text(xml, "w", WsmanUris.WSMAN, "MaxEnvelopeSize", Integer.toString(MAX_ENVELOPE_SIZE), true);
        text(xml, "a", WsmanUris.ADDRESSING, "MessageID", request.messageId(), false);
        xml.writeEmptyElement("w", "Locale", WsmanUris.WSMAN);
        xml.writeAttribute("xml", "http://www.w3.org/XML/1998/namespace", "lang", "en-US");
        xml.writeAttribute("s", WsmanUris.SOAP, "mustUnderstand", "false");
        text(xml, "w", WsmanUris.WSMAN, "OperationTimeout", operationTimeout, false);
        if (!request.selectors().isEmpty()) {
            writeSelectorSet(xml, request.selectors());
        }
        xml.writeEndElement();
    }

    private static void text(XMLStreamWriter xml, String prefix, String namespace, String name, String value,
            boolean mustUnderstand) throws XMLStreamException {
        xml.writeStartElement(prefix, name, namespace);
        if (mustUnderstand) {
            xml.writeAttribute("s", WsmanUris.SOAP, "mustUnderstand", "true");
        }
        xml.writeCharacters(value);
        xml.writeEndElement();
    }

    static void writeSelectorSet(XMLStreamWriter xml, Map<String, String> selectors) throws XMLStreamException {
        xml.writeStartElement("w", "SelectorSet", WsmanUris.WSMAN);
        for (Map.Entry<String, String> selector : selectors.entrySet()) {
            xml.writeStartElement("w", "Selector", WsmanUris.WSMAN);
            xml.writeAttribute("Name", selector.getKey());
            xml.writeCharacters(selector.getValue());
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    /** The children of an endpoint-reference element: {@code a:Address} and {@code a:ReferenceParameters}. */
    static void writeReference(XMLStreamWriter xml, CimReference reference) throws XMLStreamException {
        xml.writeStartElement("a", "Address", WsmanUris.ADDRESSING);
        xml.writeCharacters(WsmanUris.ANONYMOUS);
        xml.writeEndElement();
        xml.writeStartElement("a", "ReferenceParameters", WsmanUris.ADDRESSING);
        xml.writeStartElement("w", "ResourceURI", WsmanUris.WSMAN);
        xml.writeCharacters(reference.resourceUri());
        xml.writeEndElement();
        writeSelectorSet(xml, reference.selectors());
        xml.writeEndElement();
    }
}
