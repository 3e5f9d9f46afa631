package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.DomainSysinfo;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code <sysinfo>} ({@link DomainSysinfo}): SMBIOS blocks of named entries, or fw_cfg entries. */
final class SysinfoXml {

    /** The keys this codec reads, relative to {@code <domain>}. */
    static final List<String> MODELLED = List.of("sysinfo@type", "sysinfo/bios/entry@name",
            "sysinfo/system/entry@name", "sysinfo/baseBoard/entry@name", "sysinfo/chassis/entry@name",
            "sysinfo/oemStrings/entry", "sysinfo/entry@name", "sysinfo/entry@file");

    /** The entry names of each SMBIOS block, as libvirt's schema has them; oemStrings entries have none. */
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "bios", Set.of("vendor", "version", "date", "release"),
            "system", Set.of("manufacturer", "product", "version", "serial", "uuid", "sku", "family"),
            "baseBoard", Set.of("manufacturer", "product", "version", "serial", "asset", "location"),
            "chassis", Set.of("manufacturer", "version", "serial", "asset", "sku"));

    private SysinfoXml() {
    }

    static List<DomainSysinfo> parse(XmlCursor root) {
        List<DomainSysinfo> result = new ArrayList<>();
        for (XmlCursor s : root.children("sysinfo")) {
            String type = s.attrOrEmpty("type");
            if (!DomainSysinfo.TYPES.contains(type)) {
                throw DomainErrors.xmlError("unknown sysinfo type '" + type + "'");
            }
            if (type.equals("fwcfg")) {
                List<DomainSysinfo.Entry> entries = new ArrayList<>();
                for (XmlCursor e : s.children("entry")) {
                    String name = e.attr("name");
                    if (name == null) {
                        throw DomainErrors.xmlError("Firmware entry is missing 'name' attribute");
                    }
                    String file = e.attr("file");
                    String value = e.text();
                    if (file != null && !value.isEmpty()) {
                        throw DomainErrors.xmlError("Only one of value and file can be specified for entry '"
                                + name + "'");
                    }
                    entries.add(new DomainSysinfo.Entry(name, file, file == null ? value : null));
                }
                result.add(new DomainSysinfo(type, List.of(), entries));
                continue;
            }
            List<DomainSysinfo.Block> blocks = new ArrayList<>();
            for (String block : DomainSysinfo.BLOCKS) {
                for (XmlCursor b : s.children(block)) {
                    blocks.add(new DomainSysinfo.Block(block, entries(b, FIELDS.get(block))));
                }
            }
            result.add(new DomainSysinfo(type, blocks, List.of()));
        }
        return result;
    }

    private static List<DomainSysinfo.Entry> entries(XmlCursor block, Set<String> names) {
        List<DomainSysinfo.Entry> entries = new ArrayList<>();
        for (XmlCursor e : block.children("entry")) {
            String name = names == null ? null : e.attrOrEmpty("name");
            if (names != null && !names.contains(name)) {
                throw DomainErrors.xmlError("unknown sysinfo " + block.name() + " entry '" + name + "'");
            }
            entries.add(new DomainSysinfo.Entry(name, null, e.text()));
        }
        return entries;
    }

    static void write(XmlWriter w, List<DomainSysinfo> sysinfo) {
        for (DomainSysinfo s : sysinfo) {
            if (s.blocks().isEmpty() && s.entries().isEmpty()) {
                w.empty("sysinfo", "type", s.type());
                continue;
            }
            w.open("sysinfo", "type", s.type());
            for (DomainSysinfo.Block b : s.blocks()) {
                if (b.entries().isEmpty()) {
                    w.empty(b.name());
                    continue;
                }
                w.open(b.name());
                for (DomainSysinfo.Entry e : b.entries()) {
                    w.text("entry", e.value(), "name", e.name());
                }
                w.close(b.name());
            }
            for (DomainSysinfo.Entry e : s.entries()) {
                if (e.file() != null) {
                    w.empty("entry", "name", e.name(), "file", e.file());
                } else {
                    w.text("entry", e.value(), "name", e.name());
                }
            }
            w.close("sysinfo");
        }
    }
}
