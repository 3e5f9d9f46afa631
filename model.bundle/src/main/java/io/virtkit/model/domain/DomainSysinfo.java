package io.virtkit.model.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code <sysinfo>}: the SMBIOS tables ({@code type='smbios'}: blocks of named entries, shown to the guest
 * with {@code <os><smbios mode='sysinfo'/>}) or firmware configuration entries ({@code type='fwcfg'}).
 *
 * @param type    {@code smbios} or {@code fwcfg}
 * @param blocks  an SMBIOS table's blocks ({@code bios}, {@code system}, {@code baseBoard}, {@code chassis},
 *                {@code oemStrings}), in libvirt's order
 * @param entries a {@code fwcfg} table's entries, in document order
 */
public record DomainSysinfo(String type, List<Block> blocks, List<Entry> entries) {

    /** The values of {@code <sysinfo type>}. */
    public static final List<String> TYPES = List.of("smbios", "fwcfg");
    /** The SMBIOS blocks in libvirt's order. */
    public static final List<String> BLOCKS = List.of("bios", "system", "baseBoard", "chassis", "oemStrings");
    /** The entry names of each SMBIOS block, as libvirt's schema has them; oemStrings entries have none. */
    public static final Map<String, List<String>> FIELDS = Map.of(
            "bios", List.of("vendor", "version", "date", "release"),
            "system", List.of("manufacturer", "product", "version", "serial", "uuid", "sku", "family"),
            "baseBoard", List.of("manufacturer", "product", "version", "serial", "asset", "location"),
            "chassis", List.of("manufacturer", "version", "serial", "asset", "sku"));

    public DomainSysinfo {
        if (!TYPES.contains(type)) {
            throw ValueChecks.xmlError("unknown sysinfo type '" + type + "'");
        }
        blocks = blocks == null ? List.of() : List.copyOf(blocks);
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    /** The blocks called {@code name} (only {@code baseBoard} may repeat). */
    public List<Block> blocks(String name) {
        return blocks.stream().filter(b -> b.name().equals(name)).toList();
    }

    /** One SMBIOS block ({@code <system>}) with its entries in document order. */
    public record Block(String name, List<Entry> entries) {
        public Block {
            ValueChecks.oneOf(Objects.requireNonNull(name, "name"), BLOCKS, "name", "block");
            entries = entries == null ? List.of() : List.copyOf(entries);
            List<String> names = FIELDS.get(name);
            for (Entry e : entries) {
                if (names != null && !names.contains(e.name())) {
                    throw ValueChecks.xmlError("unknown sysinfo " + name + " entry '" + e.name() + "'");
                }
            }
        }
    }

    /**
     * One {@code <entry>}.
     *
     * @param name  the field ({@code vendor}, {@code serial} …; a fw_cfg name such as {@code opt/com.example/x}),
     *              {@code null} for an {@code oemStrings} entry
     * @param file  a fw_cfg entry's file whose contents are the value, or {@code null}
     * @param value the text, or {@code null} for a fw_cfg entry with a file
     */
    public record Entry(String name, String file, String value) {
    }
}
