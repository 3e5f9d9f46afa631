package io.virtkit.model.internal.domain;

import static io.virtkit.model.internal.domain.DomainErrors.requiredUnsigned;

import io.virtkit.model.domain.DomainCpu;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code <cpu>}: its mode (the definition's {@code cpuMode}) and the rest as a {@link DomainCpu}: model,
 * vendor, topology, cache, address bits, features and guest NUMA ({@link NumaXml}).
 */
final class CpuXml {

    /** The keys this codec reads, relative to {@code <cpu>}. */
    static final List<String> MODELLED = concat(List.of("@mode", "@match", "@check", "@migratable", "model",
            "model@fallback", "model@vendor_id", "vendor", "topology", "topology@sockets", "topology@dies",
            "topology@cores", "topology@threads", "cache", "cache@level", "cache@mode", "maxphysaddr",
            "maxphysaddr@mode", "maxphysaddr@bits", "feature", "feature@policy", "feature@name"), NumaXml.MODELLED);

    private CpuXml() {
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
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

    /** The rest of {@code <cpu>}, {@code null} without one. */
    static DomainCpu parse(XmlCursor cpuEl) {
        if (cpuEl == null) {
            return null;
        }
        XmlCursor m = cpuEl.child("model");
        DomainCpu.Model model = m == null ? null
                : new DomainCpu.Model(m.text() == null ? "" : m.text().strip(), m.attr("fallback"),
                        m.attr("vendor_id"));
        XmlCursor t = cpuEl.child("topology");
        DomainCpu.Topology topology = null;
        if (t != null) {
            topology = new DomainCpu.Topology(requiredUnsigned(t, "sockets"), DomainErrors.unsigned(t, "dies"),
                    requiredUnsigned(t, "cores"), requiredUnsigned(t, "threads"));
        }
        XmlCursor c = cpuEl.child("cache");
        if (c != null && c.attr("mode") == null) {
            throw DomainErrors.xmlError("Missing required attribute 'mode' in element 'cache'");
        }
        DomainCpu.Cache cache = c == null ? null
                : new DomainCpu.Cache(DomainErrors.unsigned(c, "level"), c.attr("mode"));
        XmlCursor b = cpuEl.child("maxphysaddr");
        if (b != null && b.attr("mode") == null) {
            throw DomainErrors.xmlError("Missing required attribute 'mode' in element 'maxphysaddr'");
        }
        DomainCpu.MaxPhysAddr bits = b == null ? null
                : new DomainCpu.MaxPhysAddr(b.attr("mode"), DomainErrors.unsigned(b, "bits"));
        List<DomainCpu.Feature> features = new ArrayList<>();
        for (XmlCursor f : cpuEl.children("feature")) {
            if (f.attr("name") == null || f.attr("name").isEmpty()) {
                throw DomainErrors.xmlError("Invalid CPU feature name");
            }
            features.add(new DomainCpu.Feature(f.attr("policy"), f.attr("name")));
        }
        XmlCursor v = cpuEl.child("vendor");
        Boolean migratable = DomainErrors.onOff(cpuEl, "migratable");
        String mode = parseMode(cpuEl);
        if (migratable != null && !"host-passthrough".equals(mode) && !"maximum".equals(mode)) {
            throw DomainErrors.xmlError("Attribute migratable is only allowed for 'host-passthrough' / 'maximum' "
                    + "CPU mode");
        }
        return new DomainCpu(cpuEl.attr("match"), cpuEl.attr("check"), migratable,
                model, v == null ? null : v.text().strip(), topology, cache, bits, features,
                NumaXml.parse(cpuEl.child("numa")));
    }

    /** Writes {@code <cpu>} from its mode and the rest (either may be null). */
    static void write(XmlWriter w, String cpuMode, DomainCpu cpu) {
        if (cpuMode == null && cpu == null) {
            return;
        }
        String[] attrs = cpu == null ? new String[] {"mode", cpuMode}
            : new String[] {"mode", cpuMode, "match", cpu.match(), "check", cpu.check(), "migratable",
                DomainErrors.onOff(cpu.migratable())};
        if (cpu == null) {
            w.empty("cpu", attrs);
            return;
        }
        w.open("cpu", attrs);
        DomainCpu.Model m = cpu.model();
        if (m != null && m.name().isEmpty()) {
            w.empty("model", "fallback", m.fallback(), "vendor_id", m.vendorId());
        } else if (m != null) {
            w.text("model", m.name(), "fallback", m.fallback(), "vendor_id", m.vendorId());
        }
        w.text("vendor", cpu.vendor());
        DomainCpu.Topology t = cpu.topology();
        if (t != null) {
            w.empty("topology", "sockets", Integer.toString(t.sockets()), "dies", DomainErrors.text(t.dies()),
                    "cores", Integer.toString(t.cores()), "threads", Integer.toString(t.threads()));
        }
        if (cpu.cache() != null) {
            w.empty("cache", "level", DomainErrors.text(cpu.cache().level()), "mode", cpu.cache().mode());
        }
        if (cpu.maxPhysAddr() != null) {
            w.empty("maxphysaddr", "mode", cpu.maxPhysAddr().mode(), "bits",
                    DomainErrors.text(cpu.maxPhysAddr().bits()));
        }
        for (DomainCpu.Feature f : cpu.features()) {
            w.empty("feature", "policy", f.policy(), "name", f.name());
        }
        NumaXml.write(w, cpu.numa());
        w.close("cpu");
    }
}
