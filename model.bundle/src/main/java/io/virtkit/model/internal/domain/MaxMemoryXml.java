package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.MaxMemory;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.List;

/** {@code <maxMemory slots unit>}: read in any unit, written in KiB as libvirt does. */
final class MaxMemoryXml {

    /** The keys this codec reads, relative to {@code <domain>}. */
    static final List<String> MODELLED = List.of("maxMemory", "maxMemory@slots", "maxMemory@unit");

    private MaxMemoryXml() {
    }

    static MaxMemory parse(XmlCursor el) {
        return el == null ? null : new MaxMemory(MemoryXml.parse(el, "maxMemory"), DomainErrors.unsigned(el, "slots"));
    }

    static void write(XmlWriter w, MaxMemory max) {
        if (max != null) {
            w.text("maxMemory", Long.toString(max.kib()), "slots", DomainErrors.text(max.slots()), "unit", "KiB");
        }
    }
}
