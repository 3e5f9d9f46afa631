package io.virtkit.hyperv.internal.wsman;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the WS-Man form of an instance into a {@link CimInstance}: {@code <p:CLASS xmlns:p="RESOURCE-URI">} with
 * one child per property value in document order (arrays repeated, nil as {@code xsi:nil="true"}), datetimes and
 * intervals wrapped in {@code cim:Datetime}/{@code cim:Interval}, references as EPRs ({@code a:Address} +
 * {@code a:ReferenceParameters}), embedded instances as nested elements with properties.
 */
final class InstanceReader {

    private InstanceReader() {
    }

    static CimInstance instance(XmlElement element) {
        Map<String, List<Object>> properties = new LinkedHashMap<>();
        for (XmlElement property : element.children()) {
            List<Object> values = properties.computeIfAbsent(property.name(), name -> new ArrayList<>());
            if (!property.nil()) {
                values.add(value(property));
            }
        }
        if (element.xsiType() != null && element.xsiType().endsWith("_Type")) { // an embedded object: its type names it
            String className = element.xsiType().substring(0, element.xsiType().length() - "_Type".length());
            return new CimInstance(className, WsmanUris.resourceUriOf(className), properties);
        }
        // an instance's namespace is its class's resource URI; a METHOD_OUTPUT's that of the class of the method
        return new CimInstance(element.name(), element.namespace(), properties);
    }

    private static Object value(XmlElement property) {
        if (property.children().isEmpty()) {
            return property.text();
        }
        if (isReference(property)) {
            return reference(property);
        }
        if (property.children().size() == 1 && property.children().get(0).namespace().equals(WsmanUris.CIM)) {
            return property.children().get(0).text().strip(); // cim:Datetime, cim:Interval, cim:Date, cim:Time
        }
        return instance(property);
    }

    static boolean isReference(XmlElement element) {
        return element.child(WsmanUris.ADDRESSING, "ReferenceParameters").isPresent();
    }

    /** The EPR an element holds: {@code a:ReferenceParameters/w:ResourceURI} and its {@code w:SelectorSet}. */
    static CimReference reference(XmlElement epr) {
        XmlElement parameters = epr.child(WsmanUris.ADDRESSING, "ReferenceParameters")
                .orElseThrow(() -> new WsmanProtocolException("an endpoint reference without ReferenceParameters: "
                        + epr.name()));
        String resourceUri = parameters.childText(WsmanUris.WSMAN, "ResourceURI");
        if (resourceUri == null || resourceUri.isEmpty()) {
            throw new WsmanProtocolException("an endpoint reference without ResourceURI: " + epr.name());
        }
        Map<String, String> selectors = new LinkedHashMap<>();
        parameters.child(WsmanUris.WSMAN, "SelectorSet").ifPresent(set -> {
            for (XmlElement selector : set.children()) {
                if (selector.is(WsmanUris.WSMAN, "Selector")) {
                    String name = selector.attributes().get("Name");
                    if (name == null) {
                        throw new WsmanProtocolException("a selector without Name in " + epr.name());
                    }
                    selectors.put(name, selector.text());
                }
            }
        });
        return new CimReference(resourceUri, selectors);
    }
}
