package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.VirtioOptions;
import io.virtkit.model.internal.xml.XmlCursor;
import java.util.List;

/**
 * Typed attribute reading and writing shared by the display and sound device codecs: unsigned numbers,
 * yes/no and on/off switches, closed sets of words, and a {@code <driver>}'s virtio options.
 */
final class DeviceAttrs {

    /** The virtio option keys of a {@code <driver>}, relative to it. */
    static final List<String> VIRTIO_KEYS = List.of("@iommu", "@ats", "@packed", "@page_per_vq");

    private DeviceAttrs() {
    }

    /** An unsigned number, or {@code null} when absent. */
    static Integer uint(XmlCursor e, String attribute) {
        String value = e.attr(attribute);
        if (value == null) {
            return null;
        }
        try {
            long n = Long.parseLong(value);
            if (n >= 0 && n <= 0xffffffffL) {
                return (int) Math.min(n, Integer.MAX_VALUE);
            }
        } catch (NumberFormatException e2) {
            // reported below
        }
        throw DomainErrors.invalidAttribute(attribute, e.name(), value);
    }

    /** A {@code yes}/{@code no} switch, or {@code null} when absent. */
    static Boolean yesNo(XmlCursor e, String attribute) {
        String value = e.attr(attribute);
        return value == null ? null : DomainErrors.yesNo(value, attribute, e.name());
    }

    /** An {@code on}/{@code off} switch, or {@code null} when absent. */
    static Boolean onOff(XmlCursor e, String attribute) {
        String value = e.attr(attribute);
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "on" -> true;
            case "off" -> false;
            default -> throw DomainErrors.invalidAttribute(attribute, e.name(), value);
        };
    }

    /** One of {@code allowed}, or {@code null} when absent. */
    static String oneOf(XmlCursor e, String attribute, String... allowed) {
        String value = e.attr(attribute);
        if (value == null || List.of(allowed).contains(value)) {
            return value;
        }
        throw DomainErrors.invalidAttribute(attribute, e.name(), value);
    }

    /** A required one of {@code allowed}. */
    static String required(XmlCursor e, String attribute, String... allowed) {
        String value = oneOf(e, attribute, allowed);
        if (value == null) {
            throw DomainErrors.xmlError("missing " + attribute + " in element '" + e.name() + "'");
        }
        return value;
    }

    static String yesNo(Boolean value) {
        return value == null ? null : value ? "yes" : "no";
    }

    static String onOff(Boolean value) {
        return value == null ? null : value ? "on" : "off";
    }

    static String num(Integer value) {
        return value == null ? null : Integer.toUnsignedString(value);
    }

    /** The virtio options of {@code driver} (which may be {@code null}). */
    static VirtioOptions virtio(XmlCursor driver) {
        if (driver == null) {
            return VirtioOptions.NONE;
        }
        return new VirtioOptions(onOff(driver, "iommu"), onOff(driver, "ats"), onOff(driver, "packed"),
                onOff(driver, "page_per_vq"));
    }

    /** The attributes of virtio options, as libvirt writes them after a driver's own. */
    static String[] virtioAttrs(VirtioOptions v) {
        return new String[] {"iommu", onOff(v.iommu()), "ats", onOff(v.ats()), "packed", onOff(v.packed()),
            "page_per_vq", onOff(v.pagePerVq())};
    }

    /** {@code first} followed by {@code rest}. */
    static String[] concat(String[] first, String[] rest) {
        String[] all = new String[first.length + rest.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }

    /** Whether any value (every odd element) is set. */
    static boolean anySet(String[] attrs) {
        for (int i = 1; i < attrs.length; i += 2) {
            if (attrs[i] != null) {
                return true;
            }
        }
        return false;
    }
}
