package io.virtkit.hyperv.testing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An instance passed as a method parameter (CIM-XML {@code INSTANCE}, DSP0201): its class and properties, values a
 * String, a List of Strings (PROPERTY.ARRAY) or null (no VALUE).
 */
record EmbeddedInstance(String className, Map<String, Object> properties) {

    EmbeddedInstance {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** A property's scalar value, by name case-insensitively; null when absent, nil or an array. */
    String text(String name) {
        for (Map.Entry<String, Object> e : properties.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue() instanceof String s ? s : null;
            }
        }
        return null;
    }
}
