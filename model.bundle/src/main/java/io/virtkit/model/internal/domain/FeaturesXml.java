package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.DomainFeatures;
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
 * {@code <features>}: the on/off features in {@link DomainXmlCodec#FEATURES} that are on go into the
 * definition's feature set; those turned off, a feature's settings ({@code apic eoi}, {@code smm tseg}) and
 * every other feature (hyperv, kvm, xen, capabilities, gic, ioapic, hpt, msrs, cfpc, sbbc, ibs, tcg) into a
 * {@link DomainFeatures}, for the drivers to honour or refuse.
 */
final class FeaturesXml {

    /** libvirt's order of the features (its enum's, which it writes in). */
    static final List<String> ORDER = List.of("acpi", "apic", "pae", "hap", "viridian", "privnet", "hyperv", "kvm",
            "pvspinlock", "capabilities", "pmu", "vmport", "gic", "smm", "ioapic", "hpt", "vmcoreinfo", "htm",
            "nested-hv", "msrs", "ccf-assist", "xen", "cfpc", "sbbc", "ibs", "tcg");

    /** The typed features libvirt writes with {@code state='on'} (its on/off/absent ones). */
    static final Set<String> TRISTATE = Set.of("hap", "pmu", "pvspinlock", "vmport", "smm", "vmcoreinfo", "htm",
            "nested-hv", "ccf-assist");

    /** The keys this codec reads, relative to {@code <features>}. */
    static final List<String> MODELLED = modelled();

    /** What {@link #parse} read: the features on, and the rest ({@code null} if none). */
    record Parsed(Set<String> on, DomainFeatures rest) {
    }

    private FeaturesXml() {
    }

    private static List<String> modelled() {
        List<String> keys = new ArrayList<>();
        for (String f : DomainXmlCodec.FEATURES) {
            keys.add(f);
            if (TRISTATE.contains(f)) {
                keys.add(f + "@state");
            }
        }
        keys.addAll(List.of("apic@eoi", "smm/tseg", "smm/tseg@unit", "hyperv", "hyperv@mode", "kvm", "xen",
                "xen/e820_host", "xen/e820_host@state", "xen/passthrough", "xen/passthrough@state",
                "xen/passthrough@mode", "capabilities", "capabilities@policy", "gic", "gic@version", "ioapic",
                "ioapic@driver", "hpt", "hpt@resizing", "hpt/maxpagesize", "hpt/maxpagesize@unit", "msrs",
                "msrs@unknown", "cfpc", "cfpc@value", "sbbc", "sbbc@value", "ibs", "ibs@value", "tcg",
                "tcg/tb-cache", "tcg/tb-cache@unit", "hyperv/spinlocks@retries", "hyperv/stimer/direct",
                "hyperv/stimer/direct@state", "hyperv/vendor_id@value", "kvm/dirty-ring@size"));
        for (String h : DomainFeatures.Hyperv.ENLIGHTENMENTS) {
            keys.add("hyperv/" + h);
            keys.add("hyperv/" + h + "@state");
        }
        for (String k : DomainFeatures.Kvm.FEATURES) {
            keys.add("kvm/" + k);
            keys.add("kvm/" + k + "@state");
        }
        for (String c : DomainFeatures.Capabilities.NAMES) {
            keys.add("capabilities/" + c);
            keys.add("capabilities/" + c + "@state");
        }
        return List.copyOf(keys);
    }

    static Parsed parse(XmlCursor featuresEl) {
        Set<String> on = new LinkedHashSet<>();
        if (featuresEl == null) {
            return new Parsed(on, null);
        }
        Set<String> off = new LinkedHashSet<>();
        Boolean eoi = null;
        DomainFeatures.Size tseg = null;
        DomainFeatures.Hyperv hyperv = null;
        DomainFeatures.Kvm kvm = null;
        DomainFeatures.Xen xen = null;
        DomainFeatures.Capabilities caps = null;
        DomainFeatures.Hpt hpt = null;
        DomainFeatures.Size tbCache = null;
        Map<String, String> values = new LinkedHashMap<>();
        for (XmlCursor f : featuresEl.children()) {
            String name = f.name();
            if (!ORDER.contains(name)) {
                throw DomainErrors.unsupported("unexpected feature '" + name + "'");
            }
            if (DomainXmlCodec.FEATURES.contains(name)) {
                Boolean state = TRISTATE.contains(name) ? DomainErrors.onOff(f, "state") : null;
                (Boolean.FALSE.equals(state) ? off : on).add(name);
                if (name.equals("apic")) {
                    eoi = DomainErrors.onOff(f, "eoi");
                } else if (name.equals("smm") && f.child("tseg") != null) {
                    tseg = size(f.child("tseg"));
                }
                continue;
            }
            switch (name) {
                case "hyperv" -> hyperv = hyperv(f);
                case "kvm" -> {
                    XmlCursor ring = f.child("dirty-ring");
                    kvm = new DomainFeatures.Kvm(states(f, "KVM feature"),
                            ring == null ? null : DomainErrors.unsigned(ring, "size"));
                }
                case "xen" -> {
                    XmlCursor e820 = f.child("e820_host");
                    XmlCursor pt = f.child("passthrough");
                    xen = new DomainFeatures.Xen(e820 == null ? null : state(e820, "Xen feature"),
                            pt == null ? null : state(pt, "Xen feature"), pt == null ? null : pt.attr("mode"));
                }
                case "capabilities" -> caps = new DomainFeatures.Capabilities(
                        f.has("policy") ? f.attr("policy") : "default", states(f, "capability"));
                case "hpt" -> hpt = new DomainFeatures.Hpt(f.attr("resizing"),
                        f.child("maxpagesize") == null ? null : size(f.child("maxpagesize")));
                case "tcg" -> tbCache = f.child("tb-cache") == null ? DomainFeatures.Size.NONE
                        : size(f.child("tb-cache"));
                case "gic" -> values.put(name, f.attrOrEmpty("version"));
                case "ioapic" -> values.put(name, f.attrOrEmpty("driver"));
                case "msrs" -> values.put(name, f.attr("unknown"));
                default -> values.put(name, f.attr("value")); // cfpc, sbbc, ibs
            }
        }
        DomainFeatures rest = new DomainFeatures(off, eoi, hyperv, kvm, xen, caps, values.get("gic"), tseg,
                values.get("ioapic"), hpt, values.get("msrs"), values.get("cfpc"), values.get("sbbc"),
                values.get("ibs"), tbCache);
        return new Parsed(on, rest.isEmpty() ? null : rest);
    }

    private static DomainFeatures.Hyperv hyperv(XmlCursor f) {
        XmlCursor spinlocks = f.child("spinlocks");
        XmlCursor stimer = f.child("stimer");
        XmlCursor direct = stimer == null ? null : stimer.child("direct");
        XmlCursor vendor = f.child("vendor_id");
        Integer retries = spinlocks == null ? null : DomainErrors.unsigned(spinlocks, "retries");
        return new DomainFeatures.Hyperv(f.attr("mode"), states(f, "HyperV Enlightenment feature"), retries,
                direct == null ? null : state(direct, "HyperV stimer feature"),
                vendor == null ? null : vendor.attr("value"));
    }

    private static Map<String, Boolean> states(XmlCursor f, String what) {
        Map<String, Boolean> states = new LinkedHashMap<>();
        // an undeclared name is left to the keys check, which refuses it as unsupported
        for (XmlCursor c : f.declaredChildren()) {
            states.put(c.name(), state(c, what));
        }
        return states;
    }

    private static Boolean state(XmlCursor c, String what) {
        Boolean state = DomainErrors.onOff(c, "state");
        if (state == null) {
            throw DomainErrors.xmlError("missing 'state' attribute for " + what + " '" + c.name() + "'");
        }
        return state;
    }

    private static DomainFeatures.Size size(XmlCursor e) {
        String text = e.text() == null ? "" : e.text().strip();
        try {
            return new DomainFeatures.Size(text.isEmpty() ? null : Long.parseUnsignedLong(text), e.attr("unit"));
        } catch (NumberFormatException ex) {
            throw DomainErrors.xmlError("Invalid value '" + text + "' for element or attribute '" + e.name() + "'");
        }
    }

    /** Writes {@code <features>}: the features on and the rest, in libvirt's order. */
    static void write(XmlWriter w, Set<String> features, DomainFeatures rest) {
        DomainFeatures r = rest == null ? DomainFeatures.NONE : rest;
        if (features.isEmpty() && rest == null) {
            return;
        }
        w.open("features");
        for (String name : ORDER) {
            if (features.contains(name) || r.off().contains(name)) {
                String state = TRISTATE.contains(name) ? features.contains(name) ? "on" : "off" : null;
                if (name.equals("smm") && r.smmTseg() != null) {
                    w.open(name, "state", state);
                    size(w, "tseg", r.smmTseg());
                    w.close(name);
                } else {
                    w.empty(name, "state", state, "eoi", name.equals("apic") ? DomainErrors.onOff(r.apicEoi()) : null);
                }
                continue;
            }
            switch (name) {
                case "hyperv" -> hyperv(w, r.hyperv());
                case "kvm" -> {
                    if (r.kvm() != null) {
                        states(w, name, new String[0], r.kvm().states(), "dirty-ring", "size",
                                DomainErrors.text(r.kvm().dirtyRingSize()));
                    }
                }
                case "capabilities" -> {
                    if (r.capabilities() != null) {
                        states(w, name, new String[] {"policy", r.capabilities().policy()},
                                r.capabilities().states(), null, null, null);
                    }
                }
                case "xen" -> xen(w, r.xen());
                case "hpt" -> {
                    if (r.hpt() != null && r.hpt().maxPageSize() == null) {
                        w.empty(name, "resizing", r.hpt().resizing());
                    } else if (r.hpt() != null) {
                        w.open(name, "resizing", r.hpt().resizing());
                        size(w, "maxpagesize", r.hpt().maxPageSize());
                        w.close(name);
                    }
                }
                case "tcg" -> {
                    if (DomainFeatures.Size.NONE.equals(r.tcgTbCache())) {
                        w.empty(name);
                    } else if (r.tcgTbCache() != null) {
                        w.open(name);
                        size(w, "tb-cache", r.tcgTbCache());
                        w.close(name);
                    }
                }
                case "gic" -> value(w, name, "version", r.gicVersion());
                case "ioapic" -> value(w, name, "driver", r.ioapicDriver());
                case "msrs" -> value(w, name, "unknown", r.msrsUnknown());
                case "cfpc" -> value(w, name, "value", r.cfpc());
                case "sbbc" -> value(w, name, "value", r.sbbc());
                case "ibs" -> value(w, name, "value", r.ibs());
                default -> {
                    // a simple feature not given
                }
            }
        }
        w.close("features");
    }

    private static void value(XmlWriter w, String name, String attribute, String value) {
        if (value != null) {
            w.empty(name, attribute, value.isEmpty() ? null : value);
        }
    }

    private static void size(XmlWriter w, String name, DomainFeatures.Size size) {
        if (size.value() == null) {
            w.empty(name, "unit", size.unit());
        } else {
            w.text(name, size.value().toString(), "unit", size.unit());
        }
    }

    /** An element of on/off children; {@code extra} names the child that has one more attribute. */
    private static void states(XmlWriter w, String name, String[] attrs, Map<String, Boolean> states, String extra,
            String extraAttr, String extraValue) {
        if (states.isEmpty()) {
            w.empty(name, attrs);
            return;
        }
        w.open(name, attrs);
        states.forEach((k, v) -> w.empty(k, "state", DomainErrors.onOff(v), extraAttr,
                k.equals(extra) ? extraValue : null));
        w.close(name);
    }

    private static void hyperv(XmlWriter w, DomainFeatures.Hyperv h) {
        if (h == null) {
            return;
        }
        if (h.states().isEmpty()) {
            w.empty("hyperv", "mode", h.mode());
            return;
        }
        w.open("hyperv", "mode", h.mode());
        h.states().forEach((k, v) -> {
            String state = DomainErrors.onOff(v);
            switch (k) {
                case "spinlocks" -> w.empty(k, "state", state, "retries", DomainErrors.text(h.spinlockRetries()));
                case "vendor_id" -> w.empty(k, "state", state, "value", h.vendorId());
                case "stimer" -> {
                    if (h.stimerDirect() == null) {
                        w.empty(k, "state", state);
                    } else {
                        w.open(k, "state", state);
                        w.empty("direct", "state", DomainErrors.onOff(h.stimerDirect()));
                        w.close(k);
                    }
                }
                default -> w.empty(k, "state", state);
            }
        });
        w.close("hyperv");
    }

    private static void xen(XmlWriter w, DomainFeatures.Xen x) {
        if (x == null) {
            return;
        }
        if (x.e820Host() == null && x.passthrough() == null) {
            w.empty("xen");
            return;
        }
        w.open("xen");
        if (x.e820Host() != null) {
            w.empty("e820_host", "state", DomainErrors.onOff(x.e820Host()));
        }
        if (x.passthrough() != null) {
            w.empty("passthrough", "state", DomainErrors.onOff(x.passthrough()), "mode", x.passthroughMode());
        }
        w.close("xen");
    }
}
