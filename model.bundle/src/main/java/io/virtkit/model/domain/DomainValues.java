package io.virtkit.model.domain;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The checks the typed top-level records share, with libvirt's wording. */
final class DomainValues {

    private DomainValues() {
    }

    /** {@code value} unless it is not one of {@code allowed} ({@code null} passes). */
    static String choice(String value, String attribute, String element, Collection<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            throw invalid(attribute, element, value);
        }
        return value;
    }

    /** {@code value} unless negative ({@code null} passes). */
    static <N extends Number> N nonNegative(N value, String attribute, String element) {
        if (value != null && value.longValue() < 0) {
            throw invalid(attribute, element, value.toString());
        }
        return value;
    }

    static VirtException invalid(String attribute, String element, String value) {
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN,
                "Invalid value for attribute '" + attribute + "' in element '" + element + "': '" + value + "'.");
    }

    static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : List.copyOf(values);
    }

    /** An unmodifiable copy keeping the order of {@code names} first (libvirt writes in that order). */
    static <V> Map<String, V> ordered(Map<String, V> values, List<String> names, String element) {
        Map<String, V> copy = new LinkedHashMap<>();
        if (values == null) {
            return Map.of();
        }
        for (String key : values.keySet()) {
            if (!names.contains(key)) {
                throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN,
                        "unsupported " + element + " '" + key + "'");
            }
        }
        for (String name : names) {
            if (values.containsKey(name)) {
                copy.put(name, java.util.Objects.requireNonNull(values.get(name), name));
            }
        }
        return Collections.unmodifiableMap(copy);
    }
}
