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

    /** An {@code on}/{@code off} attribute's value, {@code null} when absent. */
    static String onOff(XmlCursor e, String attribute) {
        String value = e.attr(attribute);
        if (value != null && !value.equals("on") && !value.equals("off")) {
            throw invalidAttribute(attribute, e.name(), value);
        }
        return value;
    }
}
