package io.virtkit.hyperv.testing;

import java.util.Map;

/**
 * A reference to a model instance as WS-Man carries it (an endpoint reference: the class's resource URI and its key
 * selectors), also the value of an EPR-valued property.
 */
record CimReference(String className, Map<String, String> selectors) {

    CimReference {
        selectors = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(selectors));
    }

    String resourceUri() {
        return CimSchema.get(className).resourceUri();
    }
}
