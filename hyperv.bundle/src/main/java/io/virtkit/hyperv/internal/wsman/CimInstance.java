package io.virtkit.hyperv.internal.wsman;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** PLACEHOLDER of the wsman helper's class (the contract's signature); replaced when h-wsman is merged. */
public final class CimInstance {
    private final String className;
    private final String resourceUri;
    private final Map<String, List<Object>> properties;

    public CimInstance(String className, String resourceUri, Map<String, List<Object>> properties) {
        this.className = className;
        this.resourceUri = resourceUri;
        Map<String, List<Object>> copy = new LinkedHashMap<>();
        properties.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        this.properties = Collections.unmodifiableMap(copy);
    }

    public String className() {
        return className;
    }

    public String resourceUri() {
        return resourceUri;
    }

    public String get(String property) {
        List<String> all = getAll(property);
        return all.isEmpty() ? null : all.get(0);
    }

    public List<String> getAll(String property) {
        List<String> out = new ArrayList<>();
        for (Object value : properties.getOrDefault(property, List.of())) {
            out.add(String.valueOf(value));
        }
        return out;
    }

    public CimReference reference(String property) {
        for (Object value : properties.getOrDefault(property, List.of())) {
            if (value instanceof CimReference ref) {
                return ref;
            }
        }
        return null;
    }

    public Map<String, List<Object>> properties() {
        return properties;
    }

    public CimInstance with(String property, Object... values) {
        Map<String, List<Object>> copy = new LinkedHashMap<>(properties);
        copy.put(property, List.of(values));
        return new CimInstance(className, resourceUri, copy);
    }

    public String toCimXml() {
        throw new UnsupportedOperationException("placeholder");
    }

    public static CimInstance fromCimXml(String xml) {
        throw new UnsupportedOperationException("placeholder");
    }
}
