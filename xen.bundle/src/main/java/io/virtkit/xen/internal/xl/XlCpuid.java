package io.virtkit.xen.internal.xl;

import io.virtkit.api.ErrorCode;
import io.virtkit.model.domain.DomainCpu;
import io.virtkit.model.domain.DomainDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The guest CPU in xl with libvirt's rules (xenParseXLOS's nestedhvm, xenParseXLCPUID, xenFormatXLCPUID):
 * {@code nestedhvm} and libxl's {@code cpuid = "host,FEATURE=VALUE,…"} become a host-passthrough CPU whose
 * features are forced (1), disabled (0) or optional (x, k, s); nested HVM off is the {@code vmx} feature
 * disabled. Virtual NUMA nodes ({@link XlVnuma}) make a CPU of libvirt's default mode instead.
 */
final class XlCpuid {
    static final String HOST_PASSTHROUGH = "host-passthrough";
    /** Feature names that differ: libvirt's on the left, libxl's on the right. */
    private static final Map<String, String> LIBVIRT_TO_LIBXL = Map.ofEntries(Map.entry("cx16", "cmpxchg16"),
            Map.entry("cid", "cntxid"), Map.entry("ds_cpl", "dscpl"), Map.entry("pclmuldq", "pclmulqdq"),
            Map.entry("pni", "sse3"), Map.entry("ht", "htt"), Map.entry("pn", "psn"), Map.entry("clflush", "clfsh"),
            Map.entry("sep", "sysenter"), Map.entry("cx8", "cmpxchg8"), Map.entry("nodeid_msr", "nodeid"),
            Map.entry("cr8legacy", "altmovcr8"), Map.entry("lahf_lm", "lahfsahf"),
            Map.entry("cmp_legacy", "cmplegacy"), Map.entry("fxsr_opt", "ffxsr"), Map.entry("pdpe1gb", "page1gb"),
            Map.entry("spec-ctrl", "ibrsb"));

    private XlCpuid() {
    }

    /** Reads {@code nestedhvm} (HVM) and {@code cpuid} into the definition's CPU mode and features. */
    static void parse(XlEntries xl, boolean hvm, DomainCpu.Numa numa, DomainDefinition.Builder def) {
        List<DomainCpu.Feature> features = new ArrayList<>();
        boolean passthrough = false;
        Boolean nested = hvm ? xl.boolOrNull("nestedhvm") : null;
        if (nested != null) {
            passthrough = true;
            if (!nested) {
                features.add(new DomainCpu.Feature("disable", "vmx"));
            }
        }
        if (numa != null) {
            // libvirt reads vnuma after nestedhvm into a new CPU of its own (custom mode), which replaces it
            passthrough = false;
            features.clear();
        }
        String cpuid = xl.string("cpuid", null);
        if (cpuid != null) {
            passthrough |= numa == null;
            String[] pairs = cpuid.isEmpty() ? new String[0] : cpuid.split(",");
            if (pairs.length > 0 && !pairs[0].equals("host")) {
                throw XlErrors.of(XlFormat.XL, ErrorCode.CONF_SYNTAX, "cpuid starting with " + pairs[0]
                        + " is not supported, only libxl format is");
            }
            for (int i = 1; i < pairs.length; i++) {
                String[] nameAndValue = pairs[i].split("=", 2);
                if (nameAndValue.length < 2 || nameAndValue[0].isEmpty()) {
                    throw XlErrors.of(XlFormat.XL, ErrorCode.CONF_SYNTAX, "Invalid libxl cpuid key=value element: "
                            + pairs[i]);
                }
                String policy = switch (nameAndValue[1]) {
                    case "1" -> "force";
                    case "0" -> "disable";
                    case "x", "k", "s" -> "optional";
                    default -> throw XlErrors.of(XlFormat.XL, ErrorCode.CONF_SYNTAX, "Invalid libxl cpuid value: "
                            + pairs[i]);
                };
                features.add(new DomainCpu.Feature(policy, libvirtName(nameAndValue[0])));
            }
        }
        if (passthrough) {
            def.cpuMode(HOST_PASSTHROUGH);
        }
        if (!features.isEmpty() || numa != null) {
            def.cpu(new DomainCpu(null, null, null, null, null, null, null, null, features, numa));
        }
    }

    private static String libvirtName(String libxl) {
        return LIBVIRT_TO_LIBXL.entrySet().stream().filter(e -> e.getValue().equals(libxl)).map(Map.Entry::getKey)
                .findFirst().orElse(libxl);
    }

    private static List<DomainCpu.Feature> features(DomainDefinition def) {
        return def.cpu() == null ? List.of() : def.cpu().features();
    }

    /** An HVM guest's {@code nestedhvm}: on unless vmx or svm is disabled (host-passthrough CPUs only). */
    static void formatNestedHvm(DomainDefinition def, XlConfig out) {
        if (!HOST_PASSTHROUGH.equals(def.cpuMode())) {
            return;
        }
        boolean hwVirt = features(def).stream().noneMatch(f -> (f.name().equals("vmx") || f.name().equals("svm"))
                && (f.policy().equals("disable") || f.policy().equals("forbid")));
        out.set("nestedhvm", hwVirt ? 1 : 0);
    }

    /** {@code cpuid} of a host-passthrough CPU's features; libvirt ignores other CPU modes with a warning. */
    static void format(DomainDefinition def, XlConfig out) {
        if (!HOST_PASSTHROUGH.equals(def.cpuMode())) {
            return;
        }
        List<String> pairs = new ArrayList<>();
        pairs.add("host");
        for (DomainCpu.Feature feature : features(def)) {
            String name = LIBVIRT_TO_LIBXL.getOrDefault(feature.name(), feature.name());
            if (name.equals("vmx") || name.equals("svm")) {
                continue; // written as nestedhvm
            }
            pairs.add(name + "=" + switch (feature.policy()) {
                case "force", "require" -> "1";
                case "optional" -> "x";
                default -> "0";
            });
        }
        if (pairs.size() > 1) {
            out.set("cpuid", String.join(",", pairs));
        }
    }
}
