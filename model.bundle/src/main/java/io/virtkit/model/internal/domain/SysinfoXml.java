package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.DomainSysinfo;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;

/** {@code <sysinfo>} ({@link DomainSysinfo}): SMBIOS blocks of named entries, or fw_cfg entries. */
final class SysinfoXml {

    /** The keys this codec reads, relative to {@code <domain>}. */
    static final List<String> MODELLED = List.of("sysinfo@type", "sysinfo/bios/entry@name",
            "sysinfo/system/entry@name", "sysinfo/baseBoard/entry@name", "sysinfo/chassis/entry@name",
            "sysinfo/oemStrings/entry", "sysinfo/entry@name", "sysinfo/entry@file");

    private SysinfoXml() {
    }

    static List<DomainSysinfo> parse(XmlCursor root) {
        List<DomainSysinfo> result = new ArrayList<>();
        for (XmlCursor s : root.children("sysinfo")) {
            String type = s.attrOrEmpty("type");
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
                    blocks.add(new DomainSysinfo.Block(block, entries(b, !block.equals("oemStrings"))));
                }
            }
            result.add(new DomainSysinfo(type, blocks, List.of()));
        }
        return result;
    }

    private static List<DomainSysinfo.Entry> entries(XmlCursor block, boolean named) {
        List<DomainSysinfo.Entry> entries = new ArrayList<>();
        for (XmlCursor e : block.children("entry")) {
            String name = named ? e.attrOrEmpty("name") : null;
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
