package io.virtkit.esx.internal.vim;

import java.util.Map;
import java.util.Optional;

/**
 * The properties the property collector returned for one object: each requested path with its value node
 * ({@code <val xsi:type="...">}), and the paths it could not read with their fault type.
 */
public record ObjectContent(MoRef obj, Map<String, VimNode> properties, Map<String, String> missing) {

    public ObjectContent {
        properties = Map.copyOf(properties);
        missing = Map.copyOf(missing);
    }

    /** The value of {@code path}, if the server returned it. */
    public Optional<VimNode> get(String path) {
        return Optional.ofNullable(properties.get(path));
    }

    /** The text of a simple property, or null when absent. */
    public String text(String path) {
        VimNode value = properties.get(path);
        return value == null ? null : value.text();
    }

    /** A numeric property, or {@code fallback} when absent or empty. */
    public long number(String path, long fallback) {
        String text = text(path);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new VimProtocolException("property '" + path + "' of " + obj + " is not a number: " + text);
        }
    }
}
