package io.virtkit.shell.internal;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.karaf.shell.support.CommandException;

/**
 * The {@code <domainsnapshot>} document snapshot-create-as sends, built as virsh builds it from its options: name,
 * description, {@code --memspec} ({@code [file=]PATH[,snapshot=TYPE]}) and each {@code --diskspec}
 * ({@code DISK[,snapshot=TYPE][,driver=TYPE][,file=PATH]}).
 */
final class SnapshotXmlBuilder {

    private SnapshotXmlBuilder() {
    }

    static String build(String name, String description, String memspec, List<String> diskspecs)
            throws CommandException {
        StringBuilder xml = new StringBuilder("<domainsnapshot>\n");
        if (name != null) {
            xml.append("  <name>").append(PoolXmlBuilder.escape(name)).append("</name>\n");
        }
        if (description != null) {
            xml.append("  <description>").append(PoolXmlBuilder.escape(description)).append("</description>\n");
        }
        if (memspec != null) {
            Map<String, String> spec = spec(memspec, "file", "--memspec");
            xml.append("  <memory");
            attribute(xml, "snapshot", spec.get("snapshot"));
            attribute(xml, "file", spec.get("file"));
            xml.append("/>\n");
        }
        if (diskspecs != null && !diskspecs.isEmpty()) {
            xml.append("  <disks>\n");
            for (String diskspec : diskspecs) {
                Map<String, String> spec = spec(diskspec, "name", "--diskspec");
                xml.append("    <disk");
                attribute(xml, "name", spec.get("name"));
                attribute(xml, "snapshot", spec.get("snapshot"));
                if (spec.get("driver") == null && spec.get("file") == null) {
                    xml.append("/>\n");
                    continue;
                }
                xml.append(">\n");
                if (spec.get("driver") != null) {
                    xml.append("      <driver type='").append(PoolXmlBuilder.escape(spec.get("driver"))).append("'/>\n");
                }
                if (spec.get("file") != null) {
                    xml.append("      <source file='").append(PoolXmlBuilder.escape(spec.get("file"))).append("'/>\n");
                }
                xml.append("    </disk>\n");
            }
            xml.append("  </disks>\n");
        }
        return xml.append("</domainsnapshot>\n").toString();
    }

    /** {@code FIRST[,key=value]…}: the first item may leave out its key ({@code first}). */
    private static Map<String, String> spec(String text, String first, String option) throws CommandException {
        Map<String, String> spec = new TreeMap<>();
        String[] items = text.split(",");
        for (int i = 0; i < items.length; i++) {
            String item = items[i];
            int eq = item.indexOf('=');
            String key = eq < 0 ? (i == 0 ? first : null) : item.substring(0, eq);
            String value = eq < 0 ? item : item.substring(eq + 1);
            if (key == null || !List.of(first, "snapshot", "driver", "file", "stype").contains(key)
                    || value.isEmpty()) {
                throw Errors.of("unable to parse " + option.substring(2) + ": " + text);
            }
            spec.put(key, value);
        }
        if (!spec.containsKey(first)) {
            throw Errors.of("unable to parse " + option.substring(2) + ": " + text);
        }
        return spec;
    }

    private static void attribute(StringBuilder xml, String name, String value) {
        if (value != null) {
            xml.append(' ').append(name).append("='").append(PoolXmlBuilder.escape(value)).append('\'');
        }
    }
}
