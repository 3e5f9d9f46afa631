package io.virtkit.model.internal.domain;

import static io.virtkit.model.internal.domain.DomainErrors.requiredUnsigned;
import static io.virtkit.model.internal.domain.DomainErrors.requiredUnsignedLong;

import io.virtkit.model.domain.CpuTune;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code <cputune>}: shares, the bandwidth of the vCPUs, the whole domain, the emulator and I/O threads,
 * pinning, scheduling, cachetune and memorytune.
 */
final class CputuneXml {

    /** The keys this codec reads, relative to {@code <cputune>}. */
    static final List<String> MODELLED = List.of("shares", "period", "quota", "global_period", "global_quota",
            "emulator_period", "emulator_quota", "iothread_period", "iothread_quota", "vcpupin", "vcpupin@vcpu",
            "vcpupin@cpuset", "emulatorpin", "emulatorpin@cpuset", "iothreadpin", "iothreadpin@iothread",
            "iothreadpin@cpuset", "vcpusched", "vcpusched@vcpus", "vcpusched@scheduler", "vcpusched@priority",
            "iothreadsched", "iothreadsched@iothreads", "iothreadsched@scheduler", "iothreadsched@priority",
            "emulatorsched", "emulatorsched@scheduler", "emulatorsched@priority", "cachetune", "cachetune@vcpus",
            "cachetune@id", "cachetune/cache", "cachetune/cache@id", "cachetune/cache@level", "cachetune/cache@type",
            "cachetune/cache@size", "cachetune/cache@unit", "cachetune/monitor", "cachetune/monitor@level",
            "cachetune/monitor@vcpus", "memorytune", "memorytune@vcpus", "memorytune/node", "memorytune/node@id",
            "memorytune/node@bandwidth", "memorytune/monitor", "memorytune/monitor@vcpus");

    private CputuneXml() {
    }

    /**
     * The tuning; null when none is given. As in libvirt a period or quota of 0 is unset, and values are read
     * strictly: shares and periods unsigned, quotas signed, no blanks.
     */
    static CpuTune parse(XmlCursor el) {
        if (el == null) {
            return null;
        }
        CpuTune.Builder b = CpuTune.builder().shares(value(el, "shares", false))
                .periodMicros(period(el, "period")).quotaMicros(quota(el, "quota"))
                .globalPeriod(period(el, "global_period")).globalQuota(quota(el, "global_quota"))
                .emulatorPeriod(period(el, "emulator_period")).emulatorQuota(quota(el, "emulator_quota"))
                .iothreadPeriod(period(el, "iothread_period")).iothreadQuota(quota(el, "iothread_quota"));
        b.vcpupins(pins(el, "vcpupin", "vcpu")).iothreadpins(pins(el, "iothreadpin", "iothread"));
        XmlCursor emulatorpin = el.child("emulatorpin");
        b.emulatorpin(emulatorpin == null ? null : emulatorpin.attr("cpuset"));
        b.vcpuscheds(scheds(el, "vcpusched", "vcpus")).iothreadscheds(scheds(el, "iothreadsched", "iothreads"));
        XmlCursor emulatorsched = el.child("emulatorsched");
        b.emulatorsched(emulatorsched == null ? null : sched(emulatorsched, null));
        List<CpuTune.CacheTune> cachetunes = new ArrayList<>();
        for (XmlCursor c : el.children("cachetune")) {
            List<CpuTune.CacheBank> banks = new ArrayList<>();
            for (XmlCursor k : c.children("cache")) {
                banks.add(new CpuTune.CacheBank(requiredUnsigned(k, "id"), requiredUnsigned(k, "level"), k.attr("type"),
                        requiredUnsignedLong(k, "size"), k.attr("unit")));
            }
            cachetunes.add(new CpuTune.CacheTune(resctrlVcpus(c), c.attr("id"), banks, monitors(c)));
        }
        List<CpuTune.MemoryTune> memorytunes = new ArrayList<>();
        for (XmlCursor m : el.children("memorytune")) {
            List<CpuTune.MemoryNode> nodes = new ArrayList<>();
            for (XmlCursor n : m.children("node")) {
                nodes.add(new CpuTune.MemoryNode(requiredUnsigned(n, "id"), requiredUnsigned(n, "bandwidth")));
            }
            memorytunes.add(new CpuTune.MemoryTune(resctrlVcpus(m), nodes, monitors(m)));
        }
        CpuTune tune = b.cachetunes(cachetunes).memorytunes(memorytunes).build();
        return tune.isEmpty() ? null : tune;
    }

    private static Long period(XmlCursor el, String element) {
        Long v = value(el, element, false);
        return v == null || v == 0 ? null : v;
    }

    private static Long quota(XmlCursor el, String element) {
        Long v = value(el, element, true);
        return v == null || v == 0 ? null : v;
    }

    private static List<CpuTune.Pin> pins(XmlCursor el, String element, String idAttribute) {
        List<CpuTune.Pin> pins = new ArrayList<>();
        for (XmlCursor p : el.children(element)) {
            if (p.attr("cpuset") == null) {
                throw DomainErrors.xmlError("missing cpuset for " + element);
            }
            pins.add(new CpuTune.Pin(requiredUnsigned(p, idAttribute), p.attr("cpuset")));
        }
        return pins;
    }

    private static List<CpuTune.Sched> scheds(XmlCursor el, String element, String idsAttribute) {
        List<CpuTune.Sched> scheds = new ArrayList<>();
        for (XmlCursor s : el.children(element)) {
            scheds.add(sched(s, s.attr(idsAttribute)));
        }
        return scheds;
    }

    /** The {@code vcpus} a cachetune or memorytune applies to: required, as libvirt's resctrl parser says. */
    private static String resctrlVcpus(XmlCursor tune) {
        String vcpus = tune.attr("vcpus");
        if (vcpus == null) {
            throw DomainErrors.xmlError("Missing " + tune.name() + " attribute 'vcpus'");
        }
        return vcpus;
    }

    private static CpuTune.Sched sched(XmlCursor s, String ids) {
        if (s.attr("scheduler") == null) {
            throw DomainErrors.xmlError("Missing required attribute 'scheduler' in element '" + s.name() + "'");
        }
        String priority = s.attr("priority");
        try {
            return new CpuTune.Sched(ids, s.attr("scheduler"),
                    priority == null ? null : Integer.valueOf(priority.strip()));
        } catch (NumberFormatException ex) {
            throw DomainErrors.xmlError("Invalid value for element priority");
        }
    }

    private static List<CpuTune.Monitor> monitors(XmlCursor el) {
        List<CpuTune.Monitor> monitors = new ArrayList<>();
        for (XmlCursor m : el.children("monitor")) {
            monitors.add(new CpuTune.Monitor(el.name().equals("cachetune") ? DomainErrors.unsigned(m, "level") : null,
                    m.attr("vcpus")));
        }
        return monitors;
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

    /** Writes {@code <cputune>} (nothing for {@code null}). */
    static void write(XmlWriter w, CpuTune t) {
        if (t == null) {
            return;
        }
        w.open("cputune");
        value(w, "shares", t.shares());
        value(w, "period", t.periodMicros());
        value(w, "quota", t.quotaMicros());
        value(w, "global_period", t.globalPeriod());
        value(w, "global_quota", t.globalQuota());
        value(w, "emulator_period", t.emulatorPeriod());
        value(w, "emulator_quota", t.emulatorQuota());
        value(w, "iothread_period", t.iothreadPeriod());
        value(w, "iothread_quota", t.iothreadQuota());
        for (CpuTune.Pin p : t.vcpupins()) {
            w.empty("vcpupin", "vcpu", Integer.toString(p.id()), "cpuset", p.cpuset());
        }
        if (t.emulatorpin() != null) {
            w.empty("emulatorpin", "cpuset", t.emulatorpin());
        }
        for (CpuTune.Pin p : t.iothreadpins()) {
            w.empty("iothreadpin", "iothread", Integer.toString(p.id()), "cpuset", p.cpuset());
        }
        for (CpuTune.Sched s : t.vcpuscheds()) {
            w.empty("vcpusched", "vcpus", s.ids(), "scheduler", s.scheduler(), "priority", text(s.priority()));
        }
        for (CpuTune.Sched s : t.iothreadscheds()) {
            w.empty("iothreadsched", "iothreads", s.ids(), "scheduler", s.scheduler(), "priority",
                    text(s.priority()));
        }
        if (t.emulatorsched() != null) {
            w.empty("emulatorsched", "scheduler", t.emulatorsched().scheduler(), "priority",
                    text(t.emulatorsched().priority()));
        }
        for (CpuTune.CacheTune c : t.cachetunes()) {
            w.open("cachetune", "vcpus", c.vcpus(), "id", c.id());
            for (CpuTune.CacheBank k : c.caches()) {
                w.empty("cache", "id", Integer.toString(k.id()), "level", Integer.toString(k.level()), "type",
                        k.type(), "size", Long.toString(k.size()), "unit", k.unit());
            }
            monitors(w, c.monitors());
            w.close("cachetune");
        }
        for (CpuTune.MemoryTune m : t.memorytunes()) {
            w.open("memorytune", "vcpus", m.vcpus());
            for (CpuTune.MemoryNode n : m.nodes()) {
                w.empty("node", "id", Integer.toString(n.id()), "bandwidth", Integer.toString(n.bandwidth()));
            }
            monitors(w, m.monitors());
            w.close("memorytune");
        }
        w.close("cputune");
    }

    private static void monitors(XmlWriter w, List<CpuTune.Monitor> monitors) {
        for (CpuTune.Monitor m : monitors) {
            w.empty("monitor", "level", text(m.level()), "vcpus", m.vcpus());
        }
    }

    private static void value(XmlWriter w, String name, Long value) {
        if (value != null) {
            w.text(name, value.toString());
        }
    }

    private static String text(Integer value) {
        return value == null ? null : value.toString();
    }
}
