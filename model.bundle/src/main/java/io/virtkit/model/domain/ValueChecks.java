package io.virtkit.model.domain;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import java.util.List;

/** The checks records share, with libvirt's wording: a value out of its element's choices, a number out of range. */
final class ValueChecks {

    private ValueChecks() {
    }

    /** {@code value} itself when {@code null} or one of {@code allowed}; else libvirt's invalid attribute error. */
    static String oneOf(String value, List<String> allowed, String attribute, String element) {
        if (value != null && !allowed.contains(value)) {
            throw xmlError("Invalid value for attribute '" + attribute + "' in element '" + element + "': '" + value
                    + "'.");
        }
        return value;
    }

    /** {@code value} itself when {@code null} or within {@code [min, max]}; else {@code message}. */
    static <N extends Number> N within(N value, long min, long max, String message) {
        if (value != null && (value.longValue() < min || value.longValue() > max)) {
            throw xmlError(message);
        }
        return value;
    }

    static VirtException xmlError(String detail) {
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, detail);
    }
}
