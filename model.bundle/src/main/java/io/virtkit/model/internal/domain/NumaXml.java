package io.virtkit.model.internal.domain;

import static io.virtkit.model.internal.domain.DomainErrors.requiredUnsigned;
import static io.virtkit.model.internal.domain.DomainErrors.requiredUnsignedLong;

import io.virtkit.model.domain.DomainCpu;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;

/** {@code <cpu><numa>}: the guest's NUMA cells with distances and HMAT caches, and the HMAT interconnects. */
final class NumaXml {

    /** The keys this codec reads, relative to {@code <cpu>}. */
    static final List<String> MODELLED = List.of("numa", "numa/cell", "numa/cell@id", "numa/cell@cpus",
            "numa/cell@memory", "numa/cell@unit", "numa/cell@memAccess", "numa/cell@discard",
            "numa/cell/distances", "numa/cell/distances/sibling", "numa/cell/distances/sibling@id",
            "numa/cell/distances/sibling@value", "numa/cell/cache", "numa/cell/cache@level",
            "numa/cell/cache@associativity", "numa/cell/cache@policy", "numa/cell/cache/size",
            "numa/cell/cache/size@value", "numa/cell/cache/size@unit", "numa/cell/cache/line",
            "numa/cell/cache/line@value", "numa/cell/cache/line@unit", "numa/interconnects",
            "numa/interconnects/latency", "numa/interconnects/latency@initiator",
            "numa/interconnects/latency@target", "numa/interconnects/latency@cache",
            "numa/interconnects/latency@type", "numa/interconnects/latency@value", "numa/interconnects/bandwidth",
            "numa/interconnects/bandwidth@initiator", "numa/interconnects/bandwidth@target",
            "numa/interconnects/bandwidth@cache", "numa/interconnects/bandwidth@type",
            "numa/interconnects/bandwidth@value", "numa/interconnects/bandwidth@unit");

    private NumaXml() {
    }

    static DomainCpu.Numa parse(XmlCursor numaEl) {
        if (numaEl == null) {
            return null;
        }
        List<DomainCpu.Cell> cells = new ArrayList<>();
        for (XmlCursor c : numaEl.children("cell")) {
            List<DomainCpu.Sibling> siblings = new ArrayList<>();
            XmlCursor distances = c.child("distances");
            if (distances != null) {
                for (XmlCursor s : distances.children("sibling")) {
                    siblings.add(new DomainCpu.Sibling(requiredUnsigned(s, "id"), requiredUnsigned(s, "value")));
                }
            }
            List<DomainCpu.CellCache> caches = new ArrayList<>();
            for (XmlCursor k : c.children("cache")) {
                XmlCursor size = k.child("size");
                XmlCursor line = k.child("line");
                if (size == null || line == null) {
                    throw DomainErrors.xmlError("missing cache size or line in NUMA cell");
                }
                caches.add(new DomainCpu.CellCache(requiredUnsigned(k, "level"), k.attr("associativity"),
                        k.attr("policy"), requiredUnsignedLong(size, "value"), size.attr("unit"),
                        requiredUnsignedLong(line, "value"), line.attr("unit")));
            }
            Integer id = DomainErrors.unsigned(c, "id");
            long kib = MemoryXml.scaleToKiB(requiredUnsignedLong(c, "memory"),
                    c.has("unit") ? c.attr("unit") : "KiB");
            cells.add(new DomainCpu.Cell(id, c.attr("cpus"), kib, c.attr("memAccess"),
                    DomainErrors.yesNoAttr(c, "discard"), siblings, caches));
        }
        List<DomainCpu.Interconnect> links = new ArrayList<>();
        XmlCursor interconnects = numaEl.child("interconnects");
        if (interconnects != null) {
            // only latency and bandwidth are declared: any other child is left to the keys check, which refuses it
            for (XmlCursor l : interconnects.declaredChildren()) {
                links.add(new DomainCpu.Interconnect(l.name(), requiredUnsigned(l, "initiator"),
                        requiredUnsigned(l, "target"), DomainErrors.unsigned(l, "cache"), l.attr("type"),
                        requiredUnsignedLong(l, "value"), l.name().equals("bandwidth") ? l.attr("unit") : null));
            }
        }
        return new DomainCpu.Numa(cells, links);
    }

    static void write(XmlWriter w, DomainCpu.Numa numa) {
        if (numa == null) {
            return;
        }
        w.open("numa");
        for (DomainCpu.Cell c : numa.cells()) {
            String[] attrs = {"id", DomainErrors.text(c.id()), "cpus", c.cpus(), "memory",
                Long.toString(c.memoryKiB()), "unit", "KiB", "discard", DomainErrors.yesNo(c.discard()),
                "memAccess", c.memAccess()};
            if (c.distances().isEmpty() && c.caches().isEmpty()) {
                w.empty("cell", attrs);
                continue;
            }
            w.open("cell", attrs);
            if (!c.distances().isEmpty()) {
                w.open("distances");
                for (DomainCpu.Sibling s : c.distances()) {
                    w.empty("sibling", "id", Integer.toString(s.id()), "value", Integer.toString(s.value()));
                }
                w.close("distances");
            }
            for (DomainCpu.CellCache k : c.caches()) {
                w.open("cache", "level", Integer.toString(k.level()), "associativity", k.associativity(), "policy",
                        k.policy());
                w.empty("size", "value", Long.toString(k.size()), "unit", k.sizeUnit());
                w.empty("line", "value", Long.toString(k.line()), "unit", k.lineUnit());
                w.close("cache");
            }
            w.close("cell");
        }
        if (!numa.interconnects().isEmpty()) {
            w.open("interconnects");
            for (DomainCpu.Interconnect l : numa.interconnects()) {
                w.empty(l.kind(), "initiator", Integer.toString(l.initiator()), "target", Integer.toString(l.target()),
                        "cache", DomainErrors.text(l.cache()), "type", l.type(), "value", Long.toString(l.value()),
                        "unit", l.unit());
            }
            w.close("interconnects");
        }
        w.close("numa");
    }
}
