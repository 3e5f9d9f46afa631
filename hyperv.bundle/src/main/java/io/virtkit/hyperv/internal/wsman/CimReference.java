package io.virtkit.hyperv.internal.wsman;

import java.util.Map;

/** PLACEHOLDER of the wsman helper's class (the contract's signature); replaced when h-wsman is merged. */
public record CimReference(String resourceUri, Map<String, String> selectors) {
    public CimReference {
        selectors = Map.copyOf(selectors);
    }

    public String className() {
        return resourceUri.substring(resourceUri.lastIndexOf('/') + 1);
    }
}
