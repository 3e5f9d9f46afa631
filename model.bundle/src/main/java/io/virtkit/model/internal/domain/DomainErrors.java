package io.virtkit.model.internal.domain;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlNames;

/** libvirt's wording for errors in domain XML, and the attribute readers that use it, for every domain codec. */
final class DomainErrors {

    private DomainErrors() {
    }

    static VirtException xmlError(String detail) {
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, detail);
    }

    static VirtException unsupported(String detail) {
        return new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN, detail);
    }

    static VirtException invalidAttribute(String attribute, String element, String value) {
        return xmlError("Invalid value for attribute '" + attribute + "' in element '" + element + "': '" + value
                + "'.");
    }

    static <E extends Enum<E>> E enumAttr(XmlCursor e, String attribute, Class<E> type, E defaultValue) {
        String value = e.attr(attribute);
        if (value == null) {
            return defaultValue;
        }
        return XmlNames.lookup(type, value).orElseThrow(() -> invalidAttribute(attribute, e.name(), value));
    }

    static boolean yesNo(String value, String attribute, String element) {
        return switch (value) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw invalidAttribute(attribute, element, value);
        };
    }

    /** An {@code on}/{@code off} attribute's value as written, {@code null} when absent. */
    static String onOffValue(XmlCursor e, String attribute) {
        String value = e.attr(attribute);
        if (value != null && !value.equals("on") && !value.equals("off")) {
            throw invalidAttribute(attribute, e.name(), value);
        }
        return value;
    }

    /** An attribute that must be one of {@code allowed}, {@code null} when absent. */
    static String choice(XmlCursor e, String attribute, java.util.Collection<String> allowed) {
        String value = e.attr(attribute);
        if (value != null && !allowed.contains(value)) {
            throw invalidAttribute(attribute, e.name(), value);
        }
        return value;
    }

    /** An {@code on}/{@code off} attribute, {@code null} when absent. */
    static Boolean onOff(XmlCursor e, String attribute) {
        String value = e.attr(attribute);
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "on" -> true;
            case "off" -> false;
            default -> throw invalidAttribute(attribute, e.name(), value);
        };
    }

    /** A {@code yes}/{@code no} attribute, {@code null} when absent. */
    static Boolean yesNoAttr(XmlCursor e, String attribute) {
        String value = e.attr(attribute);
        return value == null ? null : yesNo(value, attribute, e.name());
    }

    /** A non-negative decimal attribute, {@code null} when absent. */
    static Integer unsigned(XmlCursor e, String attribute) {
        String value = e.attr(attribute);
        if (value == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw xmlError("Invalid value for attribute '" + attribute + "' in element '" + e.name() + "': '" + value
                + "'. Expected non-negative integer value");
    }

    /** A non-negative 64-bit decimal attribute, {@code null} when absent. */
    static Long unsignedLong(XmlCursor e, String attribute) {
        String value = e.attr(attribute);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseUnsignedLong(value.strip());
        } catch (NumberFormatException ignored) {
            throw xmlError("Invalid value for attribute '" + attribute + "' in element '" + e.name() + "': '"
                    + value + "'. Expected non-negative integer value");
        }
    }

    /** A non-negative decimal attribute that must be given. */
    static int requiredUnsigned(XmlCursor e, String attribute) {
        Integer n = unsigned(e, attribute);
        if (n == null) {
            throw xmlError("Missing '" + attribute + "' attribute in <" + e.name() + "> element");
        }
        return n;
    }

    /** A non-negative 64-bit decimal attribute that must be given. */
    static long requiredUnsignedLong(XmlCursor e, String attribute) {
        Long n = unsignedLong(e, attribute);
        if (n == null) {
            throw xmlError("Missing '" + attribute + "' attribute in <" + e.name() + "> element");
        }
        return n;
    }

    /** {@code on}/{@code off} for a Boolean, {@code null} for {@code null}. */
    static String onOff(Boolean value) {
        return value == null ? null : value ? "on" : "off";
    }

    /** {@code yes}/{@code no} for a Boolean, {@code null} for {@code null}. */
    static String yesNo(Boolean value) {
        return value == null ? null : value ? "yes" : "no";
    }

    /** The decimal text of a number, {@code null} for {@code null}. */
    static String text(Integer value) {
        return value == null ? null : value.toString();
    }
}
