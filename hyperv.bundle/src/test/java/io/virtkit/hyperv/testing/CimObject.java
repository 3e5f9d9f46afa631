package io.virtkit.hyperv.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One instance of the model: its class and its properties in order. Values are {@code null} (nil), a String, a
 * {@link CimReference}, a {@link CimDatetime}, or a List of those (an array). Mutable, guarded by the host's lock;
 * what leaves the lock is a {@link #copy()}.
 */
final class CimObject {

    private final CimSchema.CimClass cimClass;
    private final LinkedHashMap<String, Object> properties = new LinkedHashMap<>();

    CimObject(String className) {
        this.cimClass = CimSchema.get(className);
    }

    CimSchema.CimClass cimClass() {
        return cimClass;
    }

    String className() {
        return cimClass.name();
    }

    CimObject set(String property, Object value) {
        properties.put(property, value instanceof List<?> list ? List.copyOf(list) : value);
        return this;
    }

    /** A property's value by name, case-insensitively as WMI names properties; empty when absent. */
    Optional<Object> value(String property) {
        for (Map.Entry<String, Object> e : properties.entrySet()) {
            if (e.getKey().equalsIgnoreCase(property)) {
                return Optional.ofNullable(e.getValue());
            }
        }
        return Optional.empty();
    }

    boolean has(String property) {
        return properties.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(property));
    }

    /** A scalar property as text, null when nil, absent or an array. */
    String text(String property) {
        return value(property).map(v -> v instanceof List<?> ? null : textOf(v)).orElse(null);
    }

    Map<String, Object> properties() {
        return Collections.unmodifiableMap(properties);
    }

    CimReference reference() {
        Map<String, String> selectors = new LinkedHashMap<>();
        for (String key : cimClass.keys()) {
            selectors.put(key, text(key));
        }
        return new CimReference(className(), selectors);
    }

    /** Whether the selectors name this instance: each names a key of the class and equals its value. */
    boolean matches(Map<String, String> selectors) {
        for (Map.Entry<String, String> s : selectors.entrySet()) {
            if (cimClass.keys().stream().noneMatch(k -> k.equalsIgnoreCase(s.getKey()))) {
                return false;
            }
            if (!s.getValue().equalsIgnoreCase(String.valueOf(text(s.getKey())))) {
                return false;
            }
        }
        return !selectors.isEmpty();
    }

    CimObject copy() {
        CimObject copy = new CimObject(className());
        copy.properties.putAll(properties);
        return copy;
    }

    static String textOf(Object value) {
        if (value instanceof CimDatetime d) {
            return d.text();
        }
        if (value instanceof CimReference r) {
            return WmiPath.of(r);
        }
        return String.valueOf(value);
    }

    /** Every value of a property as text (one for a scalar, none for nil). */
    List<String> texts(String property) {
        List<String> out = new ArrayList<>();
        value(property).ifPresent(v -> {
            if (v instanceof List<?> list) {
                list.forEach(item -> out.add(textOf(item)));
            } else {
                out.add(textOf(v));
            }
        });
        return out;
    }
}
