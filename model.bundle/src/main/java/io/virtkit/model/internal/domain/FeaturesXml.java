package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.DomainElement;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code <features>}: the on/off features in {@link DomainXmlCodec#FEATURES} that are on go into the typed
 * set; every other feature (hyperv, kvm, xen, gic, ioapic, hpt, smm with tseg, msrs, tcg, capabilities …),
 * a typed one turned off, and a typed one's other attributes ({@code apic eoi}) are kept as a tree by
 * {@link KeptXml}, for the drivers to honour or refuse.
 */
final class FeaturesXml {

    /** The keys this codec reads, relative to {@code <features>}. */
    static final List<String> MODELLED = DomainXmlCodec.FEATURES.stream().map(f -> f + "@state").toList();

    /** libvirt's order of the features (its enum's, which it writes in). */
    static final List<String> ORDER = List.of("acpi", "apic", "pae", "hap", "viridian", "privnet", "hyperv", "kvm",
            "pvspinlock", "capabilities", "pmu", "vmport", "gic", "smm", "ioapic", "hpt", "vmcoreinfo", "htm",
            "nested-hv", "msrs", "ccf-assist", "xen", "cfpc", "sbbc", "ibs", "tcg", "async-teardown");

    /** The typed features libvirt writes with {@code state='on'} (its on/off/absent ones). */
    static final Set<String> TRISTATE = Set.of("hap", "pmu", "pvspinlock", "vmport", "smm", "vmcoreinfo", "htm",
            "nested-hv", "ccf-assist");

    /** What {@link #parse} read: the features on, and the rest of the element ({@code null} if none). */
    record Parsed(Set<String> on, DomainElement rest) {
    }

    private FeaturesXml() {
    }

    static Parsed parse(XmlCursor featuresEl) {
        Set<String> features = new LinkedHashSet<>();
        if (featuresEl == null) {
            return new Parsed(features, null);
        }
        List<DomainElement> rest = new ArrayList<>();
        for (XmlCursor f : featuresEl.children()) {
            String name = f.name();
            if (!ORDER.contains(name)) {
                throw DomainErrors.unsupported("unexpected feature '" + name + "'");
            }
            DomainElement kept = KeptXml.read(f);
            if (!DomainXmlCodec.FEATURES.contains(name)) {
                rest.add(kept);
                continue;
            }
            String state = f.attrOrEmpty("state");
            if (!state.isEmpty() && !state.equals("on") && !state.equals("off")) {
                throw DomainErrors.invalidAttribute("state", name, state);
            }
            if (state.equals("off")) {
                rest.add(kept);
                continue;
            }
            features.add(name);
            Map<String, String> others = new LinkedHashMap<>(kept.attributes());
            others.remove("state");
            if (!others.isEmpty() || !kept.children().isEmpty()) {
                rest.add(DomainElement.of(name, others, null, kept.children()));
            }
        }
        return new Parsed(features, rest.isEmpty() ? null : DomainElement.of("features", Map.of(), null, rest));
    }

    /** Writes {@code <features>}: the features on, merged with {@code rest}, in libvirt's order. */
    static void write(XmlWriter w, Set<String> features, DomainElement rest) {
        List<DomainElement> children = new ArrayList<>();
        for (String f : DomainXmlCodec.FEATURES) {
            if (features.contains(f)) {
                DomainElement extra = rest == null ? null : rest.child(f);
                boolean off = extra != null && "off".equals(extra.attr("state"));
                Map<String, String> attrs = new LinkedHashMap<>();
                if (TRISTATE.contains(f)) {
                    attrs.put("state", "on");
                }
                if (extra != null && !off) {
                    attrs.putAll(extra.attributes());
                }
                children.add(DomainElement.of(f, attrs, null, extra == null || off ? List.of() : extra.children()));
            }
        }
        if (rest != null) {
            for (DomainElement e : rest.children()) {
                boolean mergedAbove = features.contains(e.name()) && !"off".equals(e.attr("state"));
                if (!mergedAbove && !(features.contains(e.name()) && "off".equals(e.attr("state")))) {
                    children.add(e);
                }
            }
        }
        if (children.isEmpty()) {
            return;
        }
        KeptXml.write(w, KeptXml.merge(DomainElement.of("features", Map.of(), null, List.of()),
                DomainElement.of("features", Map.of(), null, children), ORDER), null);
    }
}
