package io.virtkit.esx.internal.vim;

import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes a vSphere SOAP request: the envelope, the method element in namespace {@code urn:vim25} with its
 * {@code _this} and arguments. Types named by {@code xsi:type} are unprefixed, so they resolve to
 * {@code urn:vim25}, the default namespace, as the vSphere WSDL declares them.
 */
final class VimXmlWriter {

    static final String SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    static final String VIM = "urn:vim25";

    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

    private VimXmlWriter() {
    }

    /** The whole envelope for {@code method} called on {@code self} with {@code arguments} (in WSDL order). */
    static String request(String method, MoRef self, List<VimNode> arguments) {
        StringWriter out = new StringWriter(256 + arguments.size() * 64);
        try {
            XMLStreamWriter xml = FACTORY.createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("soapenv", "Envelope", SOAP_ENV);
            xml.writeNamespace("soapenv", SOAP_ENV);
            xml.writeNamespace("xsi", XSI);
            xml.writeStartElement("soapenv", "Body", SOAP_ENV);
            xml.writeStartElement(method);
            xml.writeDefaultNamespace(VIM);
            write(xml, self.toNode("_this"));
            for (VimNode argument : arguments) {
                write(xml, argument);
            }
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write a SOAP request for " + method, e);
        }
        return out.toString();
    }

    private static void write(XMLStreamWriter xml, VimNode node) throws XMLStreamException {
        xml.writeStartElement(node.name());
        if (node.xsiType().isPresent()) {
            xml.writeAttribute("xsi", XSI, "type", node.xsiType().get());
        }
        for (Map.Entry<String, String> attribute : node.attributes().entrySet()) {
            xml.writeAttribute(attribute.getKey(), attribute.getValue());
        }
        if (node.children().isEmpty()) {
            xml.writeCharacters(node.text());
        } else {
            for (VimNode child : node.children()) {
                write(xml, child);
            }
        }
        xml.writeEndElement();
    }

    /** A compact rendering for messages and debugging (not for the wire). */
    static void appendForDebugging(VimNode node, StringBuilder out) {
        out.append('<').append(node.name());
        node.xsiType().ifPresent(t -> out.append(" xsi:type=\"").append(t).append('"'));
        node.attributes().forEach((k, v) -> out.append(' ').append(k).append("=\"").append(v).append('"'));
        out.append('>');
        if (node.children().isEmpty()) {
            out.append(node.text());
        } else {
            for (VimNode child : node.children()) {
                appendForDebugging(child, out);
            }
        }
        out.append("</").append(node.name()).append('>');
    }
}
