package io.virtkit.model.internal.storage;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.internal.xml.XmlCursor;
import java.util.Collection;

/** libvirt's wording for errors in pool and volume XML, and the attribute readers that use it. */
final class StorageErrors {
    static final ErrorDomain D = ErrorDomain.STORAGE;

    private StorageErrors() {
    }

    static VirtException xmlError(String detail) {
        return new VirtException(ErrorCode.XML_ERROR, D, detail);
    }

    static VirtException unsupported(String detail) {
        return new VirtException(ErrorCode.CONFIG_UNSUPPORTED, D, detail);
    }

    static VirtException invalidAttribute(XmlCursor e, String attribute, String value, String expected) {
        return xmlError("Invalid value for attribute '" + attribute + "' in element '" + e.name() + "': '" + value
                + "'." + (expected == null ? "" : " Expected " + expected + " value"));
    }

    /** A yes/no attribute, {@code null} when absent. */
    static Boolean yesNo(XmlCursor e, String attribute) {
        String value = e.attr(attribute);
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw invalidAttribute(e, attribute, value, null);
        };
    }

    static String yesNo(Boolean value) {
        return value == null ? null : value ? "yes" : "no";
    }

    /** An attribute that must be one of {@code allowed}, {@code null} when absent. */
    static String choice(XmlCursor e, String attribute, Collection<String> allowed) {
        String value = e.attr(attribute);
        if (value != null && !allowed.contains(value)) {
            throw invalidAttribute(e, attribute, value, null);
        }
        return value;
    }

    /**
     * An unsigned integer attribute as libvirt's property readers take it: decimal, or with {@code base0}
     * C's prefixes too ({@code 0x1f} hex, {@code 017} octal); {@code null} when absent.
     */
    static Long unsigned(XmlCursor e, String attribute, boolean base0, long max) {
        String value = e.attr(attribute);
        if (value == null) {
            return null;
        }
        String t = value.strip();
        int radix = 10;
        if (base0 && (t.startsWith("0x") || t.startsWith("0X"))) {
            t = t.substring(2);
            radix = 16;
        } else if (base0 && t.length() > 1 && t.startsWith("0")) {
            t = t.substring(1);
            radix = 8;
        }
        try {
            if (t.isEmpty() || t.startsWith("-") || t.startsWith("+")) {
                throw new NumberFormatException(t);
            }
            long v = Long.parseUnsignedLong(t, radix);
            if (Long.compareUnsigned(v, max) > 0) {
                throw new NumberFormatException(t);
            }
            return v;
        } catch (NumberFormatException ex) {
            throw invalidAttribute(e, attribute, value, "non-negative integer");
        }
    }
}
