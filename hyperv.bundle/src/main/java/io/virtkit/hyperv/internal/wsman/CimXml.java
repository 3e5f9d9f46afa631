package io.virtkit.hyperv.internal.wsman;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;

/**
 * CIM-XML (DMTF DSP0201) {@code INSTANCE} elements: what Hyper-V's methods take as embedded-instance parameters
 * (DefineSystem's SystemSettings, AddResourceSettings' ResourceSettings …). A property is a {@code PROPERTY} with
 * one {@code VALUE} (none when null), an array a {@code PROPERTY.ARRAY} with a {@code VALUE.ARRAY}, a reference a
 * {@code PROPERTY.REFERENCE} with an {@code INSTANCENAME} of {@code KEYBINDING}s, an embedded instance a string
 * {@code PROPERTY} with {@code EmbeddedObject="instance"} whose value is the instance's CIM-XML text.
 */
final class CimXml {

    /**
     * Array properties of Hyper-V's settings classes that often hold a single value, written as arrays unless the
     * instance declares otherwise: WS-Man answers do not tell a one-element array from a scalar, WMI does.
     */
    static final Set<String> KNOWN_ARRAYS = Set.of("HostResource", "Connection", "Notes",
            "VirtualSystemIdentifiers", "HostResources");

    private CimXml() {
    }

    static String write(CimInstance instance) {
        StringWriter out = new StringWriter(256);
        try {
            XMLStreamWriter xml = XmlFactories.OUTPUT.createXMLStreamWriter(out);
            xml.writeStartElement("INSTANCE");
            xml.writeAttribute("CLASSNAME", instance.className());
            for (Map.Entry<String, List<Object>> property : instance.properties().entrySet()) {
                writeProperty(xml, instance, property.getKey(), property.getValue());
            }
            xml.writeEndElement();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write CIM-XML of " + instance.className(), e);
        }
        return out.toString();
    }

    private static void writeProperty(XMLStreamWriter xml, CimInstance instance, String name, List<Object> values)
            throws XMLStreamException {
        String declared = instance.cimType(name);
        boolean array = declared != null ? declared.endsWith("[]")
                : values.size() > 1 || KNOWN_ARRAYS.contains(name);
        String type = declared == null ? "string" : declared.replace("[]", "");
        boolean references = values.stream().anyMatch(CimReference.class::isInstance);
        if (references) {
            if (array || values.size() != 1) {
                throw new IllegalArgumentException("CIM-XML here carries single references only: "
                        + instance.className() + "." + name);
            }
            xml.writeStartElement("PROPERTY.REFERENCE");
            xml.writeAttribute("NAME", name);
            xml.writeStartElement("VALUE.REFERENCE");
            writeInstanceName(xml, (CimReference) values.get(0));
            xml.writeEndElement();
            xml.writeEndElement();
            return;
        }
        xml.writeStartElement(array ? "PROPERTY.ARRAY" : "PROPERTY");
        xml.writeAttribute("NAME", name);
        xml.writeAttribute("TYPE", type);
        if (values.stream().anyMatch(CimInstance.class::isInstance)) {
            xml.writeAttribute("EmbeddedObject", "instance");
        }
        if (array && !values.isEmpty()) {
            xml.writeStartElement("VALUE.ARRAY");
        }
        for (Object value : values) {
            xml.writeStartElement("VALUE");
            xml.writeCharacters(value instanceof CimInstance embedded ? write(embedded) : (String) value);
            xml.writeEndElement();
        }
        if (array && !values.isEmpty()) {
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    private static void writeInstanceName(XMLStreamWriter xml, CimReference reference) throws XMLStreamException {
        xml.writeStartElement("INSTANCENAME");
        xml.writeAttribute("CLASSNAME", reference.className());
        for (Map.Entry<String, String> key : reference.selectors().entrySet()) {
            xml.writeStartElement("KEYBINDING");
            xml.writeAttribute("NAME", key.getKey());
            xml.writeStartElement("KEYVALUE");
            xml.writeAttribute("VALUETYPE", "string");
            xml.writeCharacters(key.getValue());
            xml.writeEndElement();
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    static CimInstance read(String text) {
        try {
            XMLStreamReader xml = XmlFactories.INPUT.createXMLStreamReader(new StringReader(text));
            try {
                xml.nextTag();
                expect(xml, "INSTANCE");
                return instance(xml);
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            throw new IllegalArgumentException("not CIM-XML: " + WsmanException.oneLine(e.getMessage()), e);
        }
    }

    /** Reads the INSTANCE the reader stands on, up to its end tag. */
    private static CimInstance instance(XMLStreamReader xml) throws XMLStreamException {
        String className = required(xml, "CLASSNAME");
        Map<String, List<Object>> properties = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        while (xml.nextTag() == XMLStreamConstants.START_ELEMENT) {
            String element = xml.getLocalName();
            String name = required(xml, "NAME");
            switch (element) {
                case "PROPERTY", "PROPERTY.ARRAY" -> {
                    boolean array = element.equals("PROPERTY.ARRAY");
                    String type = xml.getAttributeValue(null, "TYPE");
                    boolean embedded = xml.getAttributeValue(null, "EmbeddedObject") != null;
                    if (type != null) {
                        types.put(name, array ? type + "[]" : type);
                    }
                    properties.put(name, values(xml, embedded));
                }
                case "PROPERTY.REFERENCE" -> properties.put(name, reference(xml));
                default -> throw new XMLStreamException("unexpected <" + element + "> in INSTANCE " + className);
            }
        }
        return CimInstance.withTypes(className, WsmanUris.resourceUriOf(className), properties, types);
    }

    /** The VALUEs under a PROPERTY or PROPERTY.ARRAY (in a VALUE.ARRAY or not), up to the property's end tag. */
    private static List<Object> values(XMLStreamReader xml, boolean embedded) throws XMLStreamException {
        List<Object> values = new ArrayList<>();
        int depth = 1;
        while (depth > 0) {
            int event = xml.nextTag();
            if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if ("VALUE".equals(xml.getLocalName())) {
                String value = xml.getElementText();
                values.add(embedded ? read(value) : value);
            } else if ("VALUE.ARRAY".equals(xml.getLocalName())) {
                depth++;
            } else {
                throw new XMLStreamException("unexpected <" + xml.getLocalName() + "> in a property");
            }
        }
        return values;
    }

    /** The INSTANCENAME under a PROPERTY.REFERENCE, up to the property's end tag. */
    private static List<Object> reference(XMLStreamReader xml) throws XMLStreamException {
        List<Object> values = new ArrayList<>();
        String className = null;
        Map<String, String> keys = new LinkedHashMap<>();
        String key = null;
        int depth = 1;
        while (depth > 0) {
            int event = xml.nextTag();
            if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
                continue;
            }
            switch (xml.getLocalName()) {
                case "VALUE.REFERENCE" -> depth++;
                case "INSTANCENAME" -> {
                    className = required(xml, "CLASSNAME");
                    depth++;
                }
                case "KEYBINDING" -> {
                    key = required(xml, "NAME");
                    depth++;
                }
                case "KEYVALUE" -> keys.put(key, xml.getElementText());
                default -> throw new XMLStreamException("unexpected <" + xml.getLocalName() + "> in a reference");
            }
        }
        if (className != null) {
            values.add(new CimReference(WsmanUris.resourceUriOf(className), keys));
        }
        return values;
    }

    private static void expect(XMLStreamReader xml, String element) throws XMLStreamException {
        if (!element.equals(xml.getLocalName())) {
            throw new XMLStreamException("expected <" + element + ">, found <" + xml.getLocalName() + ">");
        }
    }

    private static String required(XMLStreamReader xml, String attribute) throws XMLStreamException {
        String value = xml.getAttributeValue(null, attribute);
        if (value == null) {
            throw new XMLStreamException("<" + xml.getLocalName() + "> without " + attribute);
        }
        return value;
    }
}
