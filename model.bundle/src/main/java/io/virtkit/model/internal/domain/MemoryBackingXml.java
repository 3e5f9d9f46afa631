package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.DomainTuning;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;

/** {@code <memoryBacking>} ({@link DomainTuning.MemoryBacking}): huge pages, sharing, locking, source, access, allocation. */
final class MemoryBackingXml {

    /** The keys this codec reads, relative to {@code <domain>}. */
    static final List<String> MODELLED = List.of("memoryBacking/hugepages", "memoryBacking/hugepages/page@size",
            "memoryBacking/hugepages/page@unit", "memoryBacking/hugepages/page@nodeset", "memoryBacking/nosharepages",
            "memoryBacking/locked", "memoryBacking/source@type", "memoryBacking/access@mode",
            "memoryBacking/allocation@mode", "memoryBacking/allocation@threads", "memoryBacking/discard");

    private MemoryBackingXml() {
    }

    static DomainTuning.MemoryBacking parse(XmlCursor mb) {
        if (mb == null) {
            return null;
        }
        List<DomainTuning.HugePage> pages = null;
        XmlCursor hp = mb.child("hugepages");
        if (hp != null) {
            pages = new ArrayList<>();
            for (XmlCursor p : hp.children("page")) {
                String size = p.attr("size");
                long value;
                try {
                    value = Long.parseLong(size == null ? "" : size.strip());
                } catch (NumberFormatException e) {
                    throw DomainErrors.xmlError("unable to parse size attribute");
                }
                pages.add(new DomainTuning.HugePage(MemoryXml.scaleToKiB(value, p.attr("unit") == null ? "KiB"
                        : p.attr("unit")), p.attr("nodeset")));
            }
        }
        XmlCursor source = mb.child("source");
        XmlCursor access = mb.child("access");
        XmlCursor allocation = mb.child("allocation");
        return new DomainTuning.MemoryBacking(pages, mb.child("nosharepages") != null, mb.child("locked") != null,
                source == null ? null : source.attrOrEmpty("type"), access == null ? null : access.attrOrEmpty("mode"),
                allocation == null ? null : allocation.attr("mode"),
                allocation == null ? null : DomainErrors.unsigned(allocation, "threads"),
                mb.child("discard") != null);
    }

    static void write(XmlWriter w, DomainTuning.MemoryBacking mb) {
        if (mb == null) {
            return;
        }
        w.open("memoryBacking");
        if (mb.hugepages() != null && mb.hugepages().isEmpty()) {
            w.empty("hugepages");
        } else if (mb.hugepages() != null) {
            w.open("hugepages");
            for (DomainTuning.HugePage p : mb.hugepages()) {
                w.empty("page", "size", Long.toString(p.sizeKiB()), "unit", "KiB", "nodeset", p.nodeset());
            }
            w.close("hugepages");
        }
        if (mb.noSharePages()) {
            w.empty("nosharepages");
        }
        if (mb.locked()) {
            w.empty("locked");
        }
        if (mb.sourceType() != null) {
            w.empty("source", "type", mb.sourceType());
        }
        if (mb.accessMode() != null) {
            w.empty("access", "mode", mb.accessMode());
        }
        if (mb.allocationMode() != null || mb.allocationThreads() != null) {
            w.empty("allocation", "mode", mb.allocationMode(), "threads", DomainErrors.text(mb.allocationThreads()));
        }
        if (mb.discard()) {
            w.empty("discard");
        }
        w.close("memoryBacking");
    }
}
