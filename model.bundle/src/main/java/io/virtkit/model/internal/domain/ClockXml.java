package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.DomainClock;
import io.virtkit.model.domain.DomainElement;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlNames;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code <clock>}: the offset with its timezone or adjustment typed; basis, start and the timers kept as a
 * tree by {@link KeptXml}.
 */
final class ClockXml {

    /** The keys this codec reads, relative to {@code <clock>}. */
    static final List<String> MODELLED = List.of("@offset", "@timezone", "@adjustment");

    /** What is typed; the rest of the element is kept by {@link KeptXml}. */
    static final Set<String> TYPED = Set.of("@offset", "@timezone", "@adjustment");

    private ClockXml() {
    }

    /** The kept remainder of {@code <clock>}; {@code basis='utc'}, the default {@link #write} adds, is none. */
    static DomainElement remainder(XmlCursor clockEl) {
        DomainElement rest = KeptXml.remainder(clockEl, TYPED);
        if (rest == null || !"utc".equals(rest.attr("basis"))) {
            return rest;
        }
        Map<String, String> attrs = new LinkedHashMap<>(rest.attributes());
        attrs.remove("basis");
        return attrs.isEmpty() && rest.children().isEmpty() ? null
                : DomainElement.of("clock", attrs, null, rest.children());
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

    /** Writes {@code <clock>} from the typed clock and {@code rest}, the kept remainder (or null). */
    static void write(XmlWriter w, DomainClock clock, DomainElement rest) {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("offset", clock.offset().xmlName());
        if (clock.timezone() != null) {
            attrs.put("timezone", clock.timezone());
        }
        if (clock.adjustment() != null) {
            attrs.put("adjustment", clock.adjustment().toString());
        }
        if (clock.offset() == DomainClock.Offset.VARIABLE && (rest == null || rest.attr("basis") == null)) {
            attrs.put("basis", "utc");
        }
        KeptXml.write(w, KeptXml.merge(DomainElement.of("clock", attrs, null, List.of()), rest, List.of("timer")),
                null);
    }
}
