package io.virtkit.model.domain;

import java.util.List;
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

    public DomainSysinfo {
        Objects.requireNonNull(type, "type");
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
            Objects.requireNonNull(name, "name");
            entries = entries == null ? List.of() : List.copyOf(entries);
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
