package io.virtkit.model.internal.domain;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.model.internal.xml.ScaledUnits;
import io.virtkit.model.internal.xml.XmlCursor;

/** Scaled memory sizes ({@code <memory unit='GiB'>2</memory>}) as libvirt reads them. */
public final class MemoryXml {

    private MemoryXml() {
    }

    /** Reads a scaled memory element; 0 when absent. KB is 1000 bytes, K/KiB 1024; the result is rounded up to KiB. */
    static long parse(XmlCursor el, String element) {
        if (el == null) {
            return 0;
        }
        String text = el.text().trim();
        long value;
        try {
            if (text.isEmpty() || text.startsWith("-") || text.startsWith("+")) {
                throw new NumberFormatException(text);
            }
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw DomainErrors.xmlError("Invalid value '" + text + "' for element or attribute './" + element
                    + "[1]'");
        }
        String unit = el.has("unit") ? el.attr("unit") : "KiB";
        return scaleToKiB(value, unit);
    }

    /** {@link DomainXmlCodec#scaleToKiB}, which is its public face. */
    public static long scaleToKiB(long value, String unit) {
        long scale = unitScale(unit);
        long bytes;
        try {
            // libvirt scales into a signed 64-bit byte count.
            bytes = Math.multiplyExact(value, scale);
        } catch (ArithmeticException e) {
            throw new VirtException(ErrorCode.OVERFLOW, ErrorDomain.DOMAIN, "value too large: " + value + unit);
        }
        // Round up as libvirt does, so that no byte asked for is lost.
        long kib = bytes / 1024 + (bytes % 1024 == 0 ? 0 : 1);
        if (kib > DomainXmlCodec.MAX_MEMORY_KIB) {
            throw new VirtException(ErrorCode.OVERFLOW, ErrorDomain.DOMAIN, "size value too large");
        }
        return kib;
    }

    static long unitScale(String unit) {
        long scale = ScaledUnits.factor(unit, 1024);
        if (scale < 0) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN, "unknown suffix '" + unit + "'");
        }
        return scale;
    }
}
