package io.virtkit.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host's {@code <sysinfo type='smbios'>} for virConnectGetSysinfo, for drivers that describe the host they
 * run on (libvirt shares one reader between its drivers too). libvirt runs dmidecode; the
 * kernel exports the same SMBIOS strings under /sys/class/dmi/id, which needs no extra binary. Hosts
 * without SMBIOS (some VMs and containers) still get their processors from /proc/cpuinfo, as libvirt
 * does on architectures without SMBIOS.
 */
public final class HostSysinfo {
    private HostSysinfo() {
    }

    /** libvirt's section → entry name → file under /sys/class/dmi/id. */
    private static final Map<String, Map<String, String>> DMI = new LinkedHashMap<>();

    static {
        DMI.put("bios", entries("vendor", "bios_vendor", "version", "bios_version", "date", "bios_date",
                "release", "bios_release"));
        DMI.put("system", entries("manufacturer", "sys_vendor", "product", "product_name", "version",
                "product_version", "serial", "product_serial", "uuid", "product_uuid", "sku", "product_sku",
                "family", "product_family"));
        DMI.put("baseBoard", entries("manufacturer", "board_vendor", "product", "board_name", "version",
                "board_version", "serial", "board_serial", "asset", "board_asset_tag"));
        DMI.put("chassis", entries("manufacturer", "chassis_vendor", "version", "chassis_version", "serial",
                "chassis_serial", "asset", "chassis_asset_tag"));
    }

    private static Map<String, String> entries(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /** This host's sysinfo XML. */
    public static String sysinfo() {
        return sysinfo(Path.of("/sys/class/dmi/id"), Path.of("/proc/cpuinfo"));
    }

    /** The sysinfo XML of SMBIOS strings under {@code dmiDir} (/sys/class/dmi/id) and a cpuinfo file. */
    public static String sysinfo(Path dmiDir, Path cpuinfo) {
        StringBuilder xml = new StringBuilder("<sysinfo type='smbios'>\n");
        for (Map.Entry<String, Map<String, String>> section : DMI.entrySet()) {
            Map<String, String> values = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : section.getValue().entrySet()) {
                String v = read(dmiDir.resolve(e.getValue())).strip();
                if (!v.isEmpty()) {
                    values.put(e.getKey(), v);
                }
            }
            appendSection(xml, section.getKey(), values);
        }
        for (Map<String, String> processor : processors(read(cpuinfo))) {
            appendSection(xml, "processor", processor);
        }
        return xml.append("</sysinfo>\n").toString();
    }

    /** One {@code <processor>} per socket ("physical id"), from the first logical CPU listed for it. */
    static List<Map<String, String>> processors(String cpuinfo) {
        Map<String, Map<String, String>> sockets = new LinkedHashMap<>();
        for (String block : cpuinfo.split("\n\\s*\n")) {
            Map<String, String> f = new LinkedHashMap<>();
            for (String line : block.split("\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    f.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                }
            }
            if (!f.containsKey("processor")) {
                continue;
            }
            String socket = f.getOrDefault("physical id", "0");
            if (sockets.containsKey(socket)) {
                continue;
            }
            Map<String, String> p = new LinkedHashMap<>();
            p.put("socket_destination", "CPU " + socket);
            p.put("type", "Central Processor");
            putIfPresent(p, "manufacturer", f.get("vendor_id"));
            if (f.containsKey("cpu family") && f.containsKey("model")) {
                p.put("signature", "Family " + f.get("cpu family") + ", Model " + f.get("model")
                        + (f.containsKey("stepping") ? ", Stepping " + f.get("stepping") : ""));
            }
            putIfPresent(p, "version", f.get("model name"));
            if (f.containsKey("cpu MHz")) {
                try {
                    p.put("current_speed", Math.round(Double.parseDouble(f.get("cpu MHz"))) + " MHz");
                } catch (NumberFormatException e) {
                    // no speed then
                }
            }
            sockets.put(socket, p);
        }
        return new ArrayList<>(sockets.values());
    }

    private static void putIfPresent(Map<String, String> m, String key, String value) {
        if (value != null && !value.isEmpty()) {
            m.put(key, value);
        }
    }

    private static void appendSection(StringBuilder xml, String name, Map<String, String> values) {
        if (values.isEmpty()) {
            return;
        }
        xml.append("  <").append(name).append(">\n");
        values.forEach((k, v) -> xml.append("    <entry name='").append(k).append("'>").append(escape(v))
                .append("</entry>\n"));
        xml.append("  </").append(name).append(">\n");
    }

    /** XML 1.0 has no place for control characters (other than tab); SMBIOS strings may hold some. */
    private static String escape(String s) {
        return DomainStatusXml.escape(s.replaceAll("[\\x00-\\x08\\x0B-\\x1F]", ""));
    }

    /** A readable file's text; empty when missing or unreadable (serials are root-only). */
    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            return "";
        }
    }
}
