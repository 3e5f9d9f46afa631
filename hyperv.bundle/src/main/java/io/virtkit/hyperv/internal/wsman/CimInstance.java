package io.virtkit.hyperv.internal.wsman;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A CIM instance as WS-Man carries it: its class, the resource URI of that class, and its properties in document
 * order. Values are kept as text ({@code String}), or as {@link CimReference} (an EPR-valued property) or
 * {@code CimInstance} (an embedded instance); an absent or nil property has no values. Arrays are repeated
 * values. Optionally the CIM type of a property ({@code "uint16"}, {@code "string[]"}) for the CIM-XML form, which
 * must say what WS-Man does not: its type and whether it is an array. Immutable.
 */
public final class CimInstance {

    private final String className;
    private final String resourceUri;
    private final Map<String, List<Object>> properties;
    private final Map<String, String> cimTypes;

    public CimInstance(String className, String resourceUri, Map<String, List<Object>> properties) {
        this(className, resourceUri, properties, Map.of());
    }

    private CimInstance(String className, String resourceUri, Map<String, List<Object>> properties,
            Map<String, String> cimTypes) {
        this.className = Objects.requireNonNull(className, "className");
        this.resourceUri = Objects.requireNonNull(resourceUri, "resourceUri");
        Map<String, List<Object>> copy = new LinkedHashMap<>();
        properties.forEach((name, values) -> copy.put(name, List.copyOf(values.stream().map(CimInstance::value)
                .toList())));
        this.properties = Collections.unmodifiableMap(copy);
        this.cimTypes = Map.copyOf(cimTypes);
    }

    /** An instance of a class of a WMI namespace, with no properties yet (add them with {@link #with}). */
    public static CimInstance of(String namespace, String className) {
        return new CimInstance(className, WsmanUris.resourceUri(namespace, className), Map.of());
    }

    public String className() {
        return className;
    }

    public String resourceUri() {
        return resourceUri;
    }

    /** The first value as text, null when nil or absent. */
    public String get(String property) {
        List<Object> values = properties.getOrDefault(property, List.of());
        return values.isEmpty() ? null : text(values.get(0));
    }

    /** Every value as text (an array), empty when nil or absent. */
    public List<String> getAll(String property) {
        return properties.getOrDefault(property, List.of()).stream().map(CimInstance::text).toList();
    }

    /** An EPR-valued property, null when absent, nil or not a reference. */
    public CimReference reference(String property) {
        List<Object> values = properties.getOrDefault(property, List.of());
        return !values.isEmpty() && values.get(0) instanceof CimReference reference ? reference : null;
    }

    /** Every EPR of an EPR-valued property (an array of references). */
    public List<CimReference> references(String property) {
        return properties.getOrDefault(property, List.of()).stream().filter(CimReference.class::isInstance)
                .map(CimReference.class::cast).toList();
    }

    /** An embedded instance, null when absent, nil or not an instance. */
    public CimInstance embedded(String property) {
        List<Object> values = properties.getOrDefault(property, List.of());
        return !values.isEmpty() && values.get(0) instanceof CimInstance instance ? instance : null;
    }

    public boolean has(String property) {
        return properties.containsKey(property);
    }

    /** The properties in document order, unmodifiable. */
    public Map<String, List<Object>> properties() {
        return properties;
    }

    /**
     * A copy with that property replaced (in its place) or added (at the end). Values are strings, references,
     * instances, or numbers and booleans (kept as their text); none makes it nil.
     */
    public CimInstance with(String property, Object... values) {
        Map<String, List<Object>> copy = new LinkedHashMap<>(properties);
        copy.put(property, List.of(values));
        return new CimInstance(className, resourceUri, copy, cimTypes);
    }

    /**
     * A copy declaring the CIM type of a property for CIM-XML ({@code "uint64"}, {@code "boolean"}, and with
     * {@code []} for an array: {@code "string[]"}). Undeclared properties are strings, arrays when they hold more
     * than one value or are arrays of Hyper-V's settings classes ({@link CimXml#KNOWN_ARRAYS}).
     */
    public CimInstance withCimType(String property, String cimType) {
        Map<String, String> types = new LinkedHashMap<>(cimTypes);
        types.put(property, cimType);
        return new CimInstance(className, resourceUri, properties, types);
    }

    /** The declared CIM type of a property, null when undeclared. */
    public String cimType(String property) {
        return cimTypes.get(property);
    }

    /** The DSP0201 CIM-XML text {@code <INSTANCE CLASSNAME=…>…</INSTANCE>} (what an embedded parameter carries). */
    public String toCimXml() {
        return CimXml.write(this);
    }

    /**
     * The instance a CIM-XML {@code INSTANCE} text describes; its resource URI is the class's in the namespace its
     * name implies (Msvm_ classes in root/virtualization/v2, others in root/cimv2).
     *
     * @throws IllegalArgumentException when the text is not such an instance
     */
    public static CimInstance fromCimXml(String xml) {
        return CimXml.read(xml);
    }

    static CimInstance withTypes(String className, String resourceUri, Map<String, List<Object>> properties,
            Map<String, String> cimTypes) {
        return new CimInstance(className, resourceUri, properties, cimTypes);
    }

    Map<String, String> cimTypes() {
        return cimTypes;
    }

    private static Object value(Object value) {
        if (value instanceof String || value instanceof CimReference || value instanceof CimInstance) {
            return value;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw new IllegalArgumentException("not a CIM property value: " + value);
    }

    /** A value as text: a string as it is, a reference as its object path, an instance as its CIM-XML. */
    private static String text(Object value) {
        if (value instanceof CimReference reference) {
            return reference.objectPath();
        }
        if (value instanceof CimInstance instance) {
            return instance.toCimXml();
        }
        return (String) value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CimInstance that && className.equals(that.className)
                && resourceUri.equals(that.resourceUri) && properties.equals(that.properties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(className, resourceUri, properties);
    }

    @Override
    public String toString() {
        List<String> shown = new ArrayList<>();
        properties.forEach((name, values) -> shown.add(name + "=" + (values.size() == 1 ? values.get(0) : values)));
        return className + shown;
    }
}
