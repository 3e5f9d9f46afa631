package io.virtkit.xen.internal.toolstack;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code xl info}: the host's and the hypervisor's facts, {@code key : value} lines. */
public record XlInfo(Map<String, String> fields) {

    public XlInfo {
        fields = Map.copyOf(fields);
    }

    public static XlInfo parse(String output) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        return new XlInfo(fields);
    }

    public String get(String key) {
        return fields.getOrDefault(key, "");
    }

    public long number(String key, long absent) {
        try {
            return Long.parseLong(get(key));
        } catch (NumberFormatException e) {
            return absent;
        }
    }

    /** libvirt's version number of the hypervisor: major × 1,000,000 + minor × 1,000 + micro ({@code .7} of xen_extra). */
    public long hypervisorVersion() {
        long micro = 0;
        String extra = get("xen_extra").replaceFirst("^\\.", "").replaceAll("[^0-9].*$", "");
        if (!extra.isEmpty()) {
            micro = Long.parseLong(extra);
        }
        return number("xen_major", 0) * 1_000_000 + number("xen_minor", 0) * 1_000 + micro;
    }
}
