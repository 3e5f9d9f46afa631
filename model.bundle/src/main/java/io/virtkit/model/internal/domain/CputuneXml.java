package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.CpuTune;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.List;

/**
 * {@code <cputune>}'s {@code <shares>}, {@code <period>} and {@code <quota>} (its pinning and the other parts
 * are not yet modelled).
 */
final class CputuneXml {

    /** The keys this codec reads, relative to {@code <cputune>}. */
    static final List<String> MODELLED = List.of("shares", "period", "quota");

    private CputuneXml() {
    }

    /**
     * The tuning; null when none is given. As in libvirt a period or quota of 0 is unset, and values are read
     * strictly: shares and period unsigned, quota signed, no blanks.
     */
    static CpuTune parse(XmlCursor cputuneEl) {
        if (cputuneEl == null) {
            return null;
        }
        Long shares = value(cputuneEl, "shares", false);
        Long period = value(cputuneEl, "period", false);
        Long quota = value(cputuneEl, "quota", true);
        CpuTune tune = new CpuTune(shares, period == null || period == 0 ? null : period,
                quota == null || quota == 0 ? null : quota);
        return tune.isEmpty() ? null : tune;
    }

    private static Long value(XmlCursor cputuneEl, String element, boolean signed) {
        String text = cputuneEl.childText(element);
        if (text == null) {
            return null;
        }
        try {
            if (!text.matches(signed ? "[-+]?[0-9]+" : "\\+?[0-9]+")) {
                throw new NumberFormatException(text);
            }
            return Long.parseLong(text);
        } catch (NumberFormatException ex) {
            throw DomainErrors.xmlError("can't parse cputune " + element + " value");
        }
    }

    static void write(XmlWriter w, CpuTune tune) {
        if (tune == null) {
            return;
        }
        w.open("cputune");
        w.text("shares", tune.shares() == null ? null : tune.shares().toString());
        w.text("period", tune.periodMicros() == null ? null : tune.periodMicros().toString());
        w.text("quota", tune.quotaMicros() == null ? null : tune.quotaMicros().toString());
        w.close("cputune");
    }
}
