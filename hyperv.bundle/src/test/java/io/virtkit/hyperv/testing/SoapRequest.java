package io.virtkit.hyperv.testing;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * One WS-Man request as the stand-in reads it: the addressing headers it needs and the first body element. A
 * request that is no SOAP 1.2 envelope, or lacks Action, MessageID or ResourceURI, is refused as a schema error.
 */
record SoapRequest(String action, String messageId, String resourceUri, Map<String, String> selectors,
        Element body) {

    static final String SOAP = "http://www.w3.org/2003/05/soap-envelope";
    static final String ADDRESSING = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
    static final String WSMAN = "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd";
    static final String ENUMERATION = "http://schemas.xmlsoap.org/ws/2004/09/enumeration";
    static final String TRANSFER = "http://schemas.xmlsoap.org/ws/2004/09/transfer";

    static SoapRequest parse(byte[] bytes) {
        Document document;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            document = builder.parse(new ByteArrayInputStream(bytes));
        } catch (Exception e) {
            throw WsmanFault.invalidMessage("not well-formed XML (" + e.getMessage() + ")");
        }
        Element envelope = document.getDocumentElement();
        if (!is(envelope, SOAP, "Envelope")) {
            throw WsmanFault.invalidMessage("no SOAP 1.2 Envelope");
        }
        Element header = child(envelope, SOAP, "Header");
        Element body = child(envelope, SOAP, "Body");
        if (header == null || body == null) {
            throw WsmanFault.invalidMessage("the envelope needs a Header and a Body");
        }
        String action = required(header, ADDRESSING, "Action");
        String messageId = required(header, ADDRESSING, "MessageID");
        String resourceUri = required(header, WSMAN, "ResourceURI");
        Map<String, String> selectors = new LinkedHashMap<>();
        Element selectorSet = child(header, WSMAN, "SelectorSet");
        if (selectorSet != null) {
            selectors.putAll(selectors(selectorSet));
        }
        List<Element> bodyElements = children(body);
        return new SoapRequest(action, messageId, resourceUri, Map.copyOf(selectors),
                bodyElements.isEmpty() ? null : bodyElements.get(0));
    }

    /** The selectors of a {@code w:SelectorSet}, each {@code w:Selector Name="…"} with text. */
    static Map<String, String> selectors(Element selectorSet) {
        Map<String, String> selectors = new LinkedHashMap<>();
        for (Element selector : children(selectorSet)) {
            if (is(selector, WSMAN, "Selector")) {
                selectors.put(selector.getAttribute("Name"), selector.getTextContent().trim());
            }
        }
        return selectors;
    }

    private static String required(Element header, String namespace, String name) {
        Element e = child(header, namespace, name);
        if (e == null || e.getTextContent().isBlank()) {
            throw WsmanFault.invalidMessage("the header " + name + " is missing");
        }
        return e.getTextContent().trim();
    }

    static boolean is(Element e, String namespace, String localName) {
        return namespace.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName());
    }

    static Element child(Element parent, String namespace, String localName) {
        for (Element e : children(parent)) {
            if (is(e, namespace, localName)) {
                return e;
            }
        }
        return null;
    }

    static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }
}
