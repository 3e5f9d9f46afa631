package io.virtkit.hyperv.testing;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

/**
 * Reads an embedded instance parameter: the text of a CIM-XML (DSP0201) {@code INSTANCE} element with
 * {@code PROPERTY} ({@code VALUE} or none for null) and {@code PROPERTY.ARRAY} ({@code VALUE.ARRAY}) children.
 */
final class CimXmlInstanceReader {

    private CimXmlInstanceReader() {
    }

    static boolean looksLikeInstance(String text) {
        return text.stripLeading().startsWith("<");
    }

    static EmbeddedInstance read(String text) {
        Element root;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            var builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            root = builder.parse(new InputSource(new StringReader(text.strip()))).getDocumentElement();
        } catch (Exception e) {
            throw WsmanFault.invalidParameter("an embedded instance is not well-formed CIM-XML");
        }
        if (!"INSTANCE".equals(root.getTagName()) || root.getAttribute("CLASSNAME").isEmpty()) {
            throw WsmanFault.invalidParameter("an embedded instance needs INSTANCE with a CLASSNAME");
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Element property : SoapRequest.children(root)) {
            String name = property.getAttribute("NAME");
            switch (property.getTagName()) {
                case "PROPERTY" -> {
                    Element value = firstChild(property, "VALUE");
                    properties.put(name, value == null ? null : value.getTextContent());
                }
                case "PROPERTY.ARRAY" -> {
                    Element array = firstChild(property, "VALUE.ARRAY");
                    List<String> values = new ArrayList<>();
                    if (array != null) {
                        for (Element value : SoapRequest.children(array)) {
                            values.add(value.getTextContent());
                        }
                    }
                    properties.put(name, array == null ? null : values);
                }
                default -> throw WsmanFault.invalidParameter("unexpected " + property.getTagName()
                        + " in an embedded instance");
            }
        }
        return new EmbeddedInstance(root.getAttribute("CLASSNAME"), properties);
    }

    private static Element firstChild(Element parent, String tag) {
        return SoapRequest.children(parent).stream().filter(e -> e.getTagName().equals(tag)).findFirst()
                .orElse(null);
    }
}
