package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.List;

/** {@code <cpu>}: its mode only (model, topology, features and NUMA are not yet modelled). */
final class CpuXml {

    /** The keys this codec reads, relative to {@code <cpu>}. */
    static final List<String> MODELLED = List.of("@mode");

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

    static void write(XmlWriter w, String cpuMode) {
        if (cpuMode != null) {
            w.empty("cpu", "mode", cpuMode);
        }
    }
}
