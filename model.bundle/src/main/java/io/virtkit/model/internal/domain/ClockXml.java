package io.virtkit.model.internal.domain;

import static io.virtkit.model.internal.domain.DomainErrors.unsignedLong;

import io.virtkit.model.domain.DomainClock;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlNames;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code <clock>}: the offset with its timezone, adjustment, basis or start, and the timers. As libvirt, a
 * numeric adjustment of a utc or localtime clock makes it a variable clock on that basis.
 */
final class ClockXml {

    /** The keys this codec reads, relative to {@code <clock>}. */
    static final List<String> MODELLED = List.of("@offset", "@timezone", "@adjustment", "@basis", "@start", "timer",
            "timer@name", "timer@present", "timer@tickpolicy", "timer@track", "timer@frequency", "timer@mode",
            "timer/catchup", "timer/catchup@threshold", "timer/catchup@slew", "timer/catchup@limit");

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
        String basis = null;
        Long start = null;
        boolean reset = false;
        if ((offset == DomainClock.Offset.UTC || offset == DomainClock.Offset.LOCALTIME)
                && clockEl.attr("adjustment") != null) {
            if (clockEl.attr("adjustment").equals("reset")) {
                reset = true;
            } else {
                adjustment = adjustment(clockEl);
                basis = offset.xmlName();
                offset = DomainClock.Offset.VARIABLE;
            }
        } else if (offset == DomainClock.Offset.ABSOLUTE) {
            start = unsignedLong(clockEl, "start");
        } else if (offset == DomainClock.Offset.TIMEZONE) {
            timezone = clockEl.attr("timezone");
            if (timezone == null) {
                throw DomainErrors.xmlError("missing 'timezone' attribute for clock with offset='timezone'");
            }
        } else if (offset == DomainClock.Offset.VARIABLE) {
            adjustment = clockEl.attr("adjustment") == null ? 0L : adjustment(clockEl);
            basis = clockEl.attr("basis");
        }
        List<DomainClock.Timer> timers = new ArrayList<>();
        for (XmlCursor t : clockEl.children("timer")) {
            XmlCursor c = t.child("catchup");
            DomainClock.Catchup catchup = c == null ? null
                    : new DomainClock.Catchup(unsignedLong(c, "threshold"), unsignedLong(c, "slew"),
                            unsignedLong(c, "limit"));
            if (t.attr("name") == null) {
                throw DomainErrors.xmlError("missing timer name");
            }
            timers.add(new DomainClock.Timer(t.attr("name"), DomainErrors.yesNoAttr(t, "present"),
                    t.attr("tickpolicy"), t.attr("track"), unsignedLong(t, "frequency"), t.attr("mode"), catchup));
        }
        return new DomainClock(offset, timezone, adjustment, reset, basis, start, timers);
    }

    private static long adjustment(XmlCursor clockEl) {
        String adj = clockEl.attr("adjustment");
        try {
            return Long.parseLong(adj);
        } catch (NumberFormatException e) {
            throw DomainErrors.xmlError("unknown clock adjustment '" + adj + "'");
        }
    }

    /** Writes {@code <clock>}. */
    static void write(XmlWriter w, DomainClock clock) {
        String adjustment = clock.reset() ? "reset" : text(clock.adjustment());
        String[] attrs = {"offset", clock.offset().xmlName(), "timezone", clock.timezone(), "adjustment",
            adjustment, "basis", clock.basis(), "start", text(clock.start())};
        if (clock.timers().isEmpty()) {
            w.empty("clock", attrs);
            return;
        }
        w.open("clock", attrs);
        for (DomainClock.Timer t : clock.timers()) {
            String[] ta = {"name", t.name(), "present", DomainErrors.yesNo(t.present()), "tickpolicy",
                t.tickpolicy(), "track", t.track(), "frequency", text(t.frequency()), "mode", t.mode()};
            DomainClock.Catchup c = t.catchup();
            if (c == null) {
                w.empty("timer", ta);
            } else {
                w.open("timer", ta);
                w.empty("catchup", "threshold", text(c.threshold()), "slew", text(c.slew()), "limit",
                        text(c.limit()));
                w.close("timer");
            }
        }
        w.close("clock");
    }

    private static String text(Long value) {
        return value == null ? null : value.toString();
    }
}
