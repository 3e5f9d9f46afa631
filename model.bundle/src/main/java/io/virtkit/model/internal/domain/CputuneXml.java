package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.CpuTune;
import io.virtkit.model.domain.DomainElement;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code <cputune>}'s {@code <shares>}, {@code <period>} and {@code <quota>} typed; the rest (pinning,
 * scheduling, emulator/iothread/global bandwidth, cachetune, memorytune) kept as a tree by {@link KeptXml}.
 */
final class CputuneXml {

    /** The keys this codec reads, relative to {@code <cputune>}. */
    static final List<String> MODELLED = List.of("shares", "period", "quota");

    /** What is typed; the rest of the element is kept by {@link KeptXml}. */
    static final Set<String> TYPED = Set.of("shares", "period", "quota");

    /** libvirt's order of the children of {@code <cputune>}. */
    static final List<String> ORDER = List.of("shares", "period", "quota", "global_period", "global_quota",
            "emulator_period", "emulator_quota", "iothread_period", "iothread_quota", "vcpupin", "emulatorpin",
            "iothreadpin", "vcpusched", "iothreadsched", "emulatorsched", "cachetune", "memorytune");

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

    /** Writes {@code <cputune>} from the typed tuning and {@code rest}, the kept remainder (either may be null). */
    static void write(XmlWriter w, CpuTune tune, DomainElement rest) {
        if (tune == null && rest == null) {
            return;
        }
        List<DomainElement> children = new ArrayList<>();
        if (tune != null) {
            value(children, "shares", tune.shares());
            value(children, "period", tune.periodMicros());
            value(children, "quota", tune.quotaMicros());
        }
        KeptXml.write(w, KeptXml.merge(DomainElement.of("cputune", Map.of(), null, children), rest, ORDER), null);
    }

    private static void value(List<DomainElement> children, String name, Long value) {
        if (value != null) {
            children.add(DomainElement.of(name, Map.of(), value.toString(), List.of()));
        }
    }
}
