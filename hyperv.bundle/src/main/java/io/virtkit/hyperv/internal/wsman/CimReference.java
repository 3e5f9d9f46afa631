package io.virtkit.hyperv.internal.wsman;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An endpoint reference (EPR) to a CIM instance: its class's resource URI and its key selectors, in the order
 * given.
 */
public record CimReference(String resourceUri, Map<String, String> selectors) {

    public CimReference {
        Objects.requireNonNull(resourceUri, "resourceUri");
        selectors = Collections.unmodifiableMap(new LinkedHashMap<>(selectors));
    }

    /** A reference to an instance of a class of a WMI namespace by its keys. */
    public static CimReference of(String namespace, String className, Map<String, String> selectors) {
        return new CimReference(WsmanUris.resourceUri(namespace, className), selectors);
    }

    /** The class: the last path segment of the resource URI. */
    public String className() {
        return resourceUri.substring(resourceUri.lastIndexOf('/') + 1);
    }

    /**
     * The WMI object path {@code Class.Key="v",Key2="v"} with every value escaped as a WQL string literal (what
     * {@code ASSOCIATORS OF {…}} takes).
     */
    public String objectPath() {
        return className() + "." + selectors.entrySet().stream()
                .map(e -> Wql.identifier(e.getKey()) + "=" + Wql.literal(e.getValue()))
                .collect(Collectors.joining(","));
    }
}
