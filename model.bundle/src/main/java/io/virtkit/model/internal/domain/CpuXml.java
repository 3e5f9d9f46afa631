package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.DomainElement;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code <cpu>}: its mode typed; the rest (match, check, migratable, model, vendor, topology, cache,
 * maxphysaddr, features, NUMA cells) kept as a tree by {@link KeptXml}.
 */
final class CpuXml {

    /** The keys this codec reads, relative to {@code <cpu>}. */
    static final List<String> MODELLED = List.of("@mode");

    /** What is typed; the rest of the element is kept by {@link KeptXml}. */
    static final Set<String> TYPED = Set.of("@mode");

    /** libvirt's order of the children of {@code <cpu>}. */
    static final List<String> ORDER = List.of("model", "vendor", "topology", "cache", "maxphysaddr", "feature",
            "numa");

    private CpuXml() {
    }

    /** The CPU mode, {@code null} without a {@code <cpu mode>}. */
    static String parseMode(XmlCursor cpuEl) {
        if (cpuEl == null || !cpuEl.has("mode")) {
            return null;
        }
        String cpuMode = cpuEl.attr("mode");
        if (!DomainXmlCodec.CPU_MODES.contains(cpuMode)) {
            throw DomainErrors.unsupported("Invalid mode attribute '" + cpuMode + "'");
        }
        return cpuMode;
    }

    /** Writes {@code <cpu>} from its mode and {@code rest}, the kept remainder (either may be null). */
    static void write(XmlWriter w, String cpuMode, DomainElement rest) {
        if (cpuMode == null && rest == null) {
            return;
        }
        DomainElement typed = DomainElement.of("cpu", cpuMode == null ? Map.of() : Map.of("mode", cpuMode), null,
                List.of());
        KeptXml.write(w, KeptXml.merge(typed, rest, ORDER), null);
    }
}
