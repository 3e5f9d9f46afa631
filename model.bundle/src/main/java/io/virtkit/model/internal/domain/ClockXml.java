package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.DomainClock;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlNames;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.List;

/** {@code <clock>}: the offset with its timezone or adjustment (timers are not yet modelled). */
final class ClockXml {

    /** The keys this codec reads, relative to {@code <clock>}. */
    static final List<String> MODELLED = List.of("@offset", "@timezone", "@adjustment");

    private ClockXml() {
    }

    static DomainClock parse(XmlCursor clockEl) {
        if (clockEl == null) {
            return DomainClock.UTC;
        }
        String offsetName = clockEl.has("offset") ? clockEl.attr("offset") : "utc";
        DomainClock.Offset offset = XmlNames.lookup(DomainClock.Offset.class, offsetName)
                .orElseThrow(() -> DomainErrors.unsupported("unknown clock offset '" + offsetName + "'"));
        String timezone = null;
        Long adjustment = null;
        if (offset == DomainClock.Offset.TIMEZONE) {
            timezone = clockEl.attr("timezone");
            if (timezone == null) {
                throw DomainErrors.xmlError("missing 'timezone' attribute for clock with offset='timezone'");
            }
        } else if (offset == DomainClock.Offset.VARIABLE) {
            String adj = clockEl.attr("adjustment");
            try {
                adjustment = adj == null ? 0L : Long.parseLong(adj);
            } catch (NumberFormatException e) {
                throw DomainErrors.xmlError("unknown clock adjustment '" + adj + "'");
            }
        }
        return new DomainClock(offset, timezone, adjustment);
    }

    static void write(XmlWriter w, DomainClock clock) {
        w.empty("clock", "offset", clock.offset().xmlName(), "timezone", clock.timezone(),
                "adjustment", clock.adjustment() == null ? null : clock.adjustment().toString(),
                "basis", clock.offset() == DomainClock.Offset.VARIABLE ? "utc" : null);
    }
}
