package io.virtkit.hyperv.testing;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes the stand-in's answers as WinRM does: a SOAP 1.2 envelope with the envelope's namespaces declared once
 * (s, a, w, n, t), {@code a:Action}, a fresh {@code a:MessageID}, {@code a:RelatesTo} the request's id; instances
 * with one element per property in the class's namespace; SOAP faults with the {@code f:WSManFault} detail.
 */
final class SoapAnswerWriter {

    static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    static final String CIM = "http://schemas.dmtf.org/wbem/wscim/1/common";
    static final String WSMAN_FAULT = "http://schemas.microsoft.com/wbem/wsman/1/wsmanfault";
    static final String ANONYMOUS = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous";

    /** What goes into the body. */
    @FunctionalInterface
    interface Body {
        void write(XMLStreamWriter out) throws XMLStreamException;
    }

    private SoapAnswerWriter() {
    }

    static byte[] answer(String action, String relatesTo, Body body) {
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter out = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            out.writeStartDocument("UTF-8", "1.0");
            out.setPrefix("s", SoapRequest.SOAP);
            out.writeStartElement(SoapRequest.SOAP, "Envelope");
            out.writeNamespace("s", SoapRequest.SOAP);
            out.writeNamespace("a", SoapRequest.ADDRESSING);
            out.writeNamespace("w", SoapRequest.WSMAN);
            out.writeNamespace("n", SoapRequest.ENUMERATION);
            out.writeNamespace("t", SoapRequest.TRANSFER);
            out.setPrefix("a", SoapRequest.ADDRESSING);
            out.setPrefix("w", SoapRequest.WSMAN);
            out.setPrefix("n", SoapRequest.ENUMERATION);
            out.setPrefix("t", SoapRequest.TRANSFER);
            out.writeStartElement(SoapRequest.SOAP, "Header");
            textElement(out, SoapRequest.ADDRESSING, "To", ANONYMOUS);
            textElement(out, SoapRequest.ADDRESSING, "Action", action);
            textElement(out, SoapRequest.ADDRESSING, "MessageID", "uuid:" + UUID.randomUUID().toString()
                    .toUpperCase(java.util.Locale.ROOT));
            if (relatesTo != null) {
                textElement(out, SoapRequest.ADDRESSING, "RelatesTo", relatesTo);
            }
            out.writeEndElement();
            out.writeStartElement(SoapRequest.SOAP, "Body");
            body.write(out);
            out.writeEndElement();
            out.writeEndElement();
            out.writeEndDocument();
            out.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write an answer", e);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] fault(WsmanFault fault, String relatesTo) {
        String action = fault.subcode().startsWith("a:")
                ? "http://schemas.xmlsoap.org/ws/2004/08/addressing/fault"
                : "http://schemas.dmtf.org/wbem/wsman/1/wsman/fault";
        return answer(action, relatesTo, out -> {
            out.writeStartElement(SoapRequest.SOAP, "Fault");
            out.writeStartElement(SoapRequest.SOAP, "Code");
            textElement(out, SoapRequest.SOAP, "Value", fault.sender() ? "s:Sender" : "s:Receiver");
            out.writeStartElement(SoapRequest.SOAP, "Subcode");
            textElement(out, SoapRequest.SOAP, "Value", fault.subcode());
            out.writeEndElement();
            out.writeEndElement();
            out.writeStartElement(SoapRequest.SOAP, "Reason");
            out.writeStartElement(SoapRequest.SOAP, "Text");
            out.writeAttribute("xml", "http://www.w3.org/XML/1998/namespace", "lang", "en-US");
            out.writeCharacters(fault.reason());
            out.writeEndElement();
            out.writeEndElement();
            out.writeStartElement(SoapRequest.SOAP, "Detail");
            out.writeStartElement("f", "WSManFault", WSMAN_FAULT);
            out.writeNamespace("f", WSMAN_FAULT);
            out.writeAttribute("Code", Long.toString(fault.wsmanCode()));
            out.writeAttribute("Machine", "127.0.0.1");
            out.writeStartElement("f", "Message", WSMAN_FAULT);
            out.writeCharacters(fault.reason());
            out.writeEndElement();
            out.writeEndElement();
            out.writeEndElement();
            out.writeEndElement();
        });
    }

    static void textElement(XMLStreamWriter out, String namespace, String name, String text)
            throws XMLStreamException {
        out.writeStartElement(namespace, name);
        out.writeCharacters(text);
        out.writeEndElement();
    }

    /** An instance as an item or a Get answer: {@code <p:CLASS xmlns:p=…>} with a child per property. */
    static void instance(XMLStreamWriter out, CimObject instance) throws XMLStreamException {
        String uri = instance.cimClass().resourceUri();
        out.writeStartElement("p", instance.className(), uri);
        out.writeNamespace("p", uri);
        out.writeNamespace("xsi", XSI);
        out.writeNamespace("cim", CIM);
        out.writeAttribute("xsi", XSI, "type", "p:" + instance.className() + "_Type");
        for (Map.Entry<String, Object> property : instance.properties().entrySet()) {
            property(out, uri, property.getKey(), property.getValue());
        }
        out.writeEndElement();
    }

    /** One property (or out parameter): repeated for an array, nil for null or an empty array. */
    static void property(XMLStreamWriter out, String uri, String name, Object value) throws XMLStreamException {
        if (value instanceof List<?> list && !list.isEmpty()) {
            for (Object item : list) {
                property(out, uri, name, item);
            }
            return;
        }
        if (value == null || value instanceof List<?>) {
            out.writeEmptyElement("p", name, uri);
            out.writeAttribute("xsi", XSI, "nil", "true");
            return;
        }
        out.writeStartElement("p", name, uri);
        if (value instanceof CimReference reference) {
            endpointReference(out, reference);
        } else if (value instanceof CimDatetime datetime) {
            out.writeStartElement("cim", datetime.interval() ? "Interval" : "Datetime", CIM);
            out.writeCharacters(datetime.text());
            out.writeEndElement();
        } else {
            out.writeCharacters(String.valueOf(value));
        }
        out.writeEndElement();
    }

    /** The children of an EPR: {@code a:Address} and {@code a:ReferenceParameters}. */
    static void endpointReference(XMLStreamWriter out, CimReference reference) throws XMLStreamException {
        textElement(out, SoapRequest.ADDRESSING, "Address", ANONYMOUS);
        out.writeStartElement(SoapRequest.ADDRESSING, "ReferenceParameters");
        textElement(out, SoapRequest.WSMAN, "ResourceURI", reference.resourceUri());
        out.writeStartElement(SoapRequest.WSMAN, "SelectorSet");
        for (Map.Entry<String, String> selector : reference.selectors().entrySet()) {
            out.writeStartElement(SoapRequest.WSMAN, "Selector");
            out.writeAttribute("Name", selector.getKey());
            out.writeCharacters(selector.getValue());
            out.writeEndElement();
        }
        out.writeEndElement();
        out.writeEndElement();
    }
}
