package io.virtkit.model.domain;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import java.util.List;

/**
 * The firmware settings of a virtual machine's {@code <os>}: which firmware is picked automatically and with
 * which features, the loader and its NVRAM store, the boot menu, how SMBIOS is filled, BIOS settings and ACPI
 * tables. Absent parts are {@code null} (or empty lists).
 *
 * @param firmware          {@code <os firmware>}: {@code bios} or {@code efi} picked automatically, or {@code null}
 * @param features          {@code <firmware><feature enabled name>} in document order
 * @param loader            {@code <loader>}, or {@code null}
 * @param nvram             {@code <nvram>}, or {@code null}
 * @param bootMenu          {@code <bootmenu enable>}, {@code null} without the element
 * @param bootMenuTimeout   {@code <bootmenu timeout>} in milliseconds (0–65535), or {@code null}
 * @param smbiosMode        {@code <smbios mode>}: {@code emulate}, {@code host} or {@code sysinfo}, or {@code null}
 * @param biosUseSerial     {@code <bios useserial>}, or {@code null}
 * @param biosRebootTimeout {@code <bios rebootTimeout>} in milliseconds (-1–65535), or {@code null}
 * @param acpiTables        {@code <acpi><table>} entries in document order
 */
public record OsFirmware(String firmware, List<Feature> features, Loader loader, Nvram nvram, Boolean bootMenu,
        Integer bootMenuTimeout, String smbiosMode, Boolean biosUseSerial, Integer biosRebootTimeout,
        List<AcpiTable> acpiTables) {

    /** The values of {@code <os firmware>}. */
    public static final List<String> FIRMWARES = List.of("bios", "efi");
    /** The values of {@code <firmware><feature name>}. */
    public static final List<String> FEATURE_NAMES = List.of("enrolled-keys", "secure-boot");
    /** The values of {@code <smbios mode>}. */
    public static final List<String> SMBIOS_MODES = List.of("emulate", "host", "sysinfo");

    /** The values of {@code <loader type>}. */
    public static final List<String> LOADER_TYPES = List.of("rom", "pflash");
    /** The storage types of an {@code <nvram type>}. */
    public static final List<String> NVRAM_TYPES = List.of("file", "block", "network");

    public OsFirmware {
        ValueChecks.oneOf(firmware, FIRMWARES, "firmware", "os");
        features = features == null ? List.of() : List.copyOf(features);
        acpiTables = acpiTables == null ? List.of() : List.copyOf(acpiTables);
        ValueChecks.within(bootMenuTimeout, 0, 65535, "invalid value for boot menu timeout, must be in range [0,65535]");
        ValueChecks.within(biosRebootTimeout, -1, 65535, "invalid value for rebootTimeout, must be in range [-1,65535]");
        if (smbiosMode != null && !SMBIOS_MODES.contains(smbiosMode)) {
            throw ValueChecks.xmlError("unknown smbios mode '" + smbiosMode + "'");
        }
    }

    /** Whether nothing is set (no {@code <os>} part to write). */
    public boolean isEmpty() {
        return equals(new OsFirmware(null, null, null, null, null, null, null, null, null, null));
    }

    /** One {@code <firmware><feature enabled='yes|no' name='NAME'/>}. */
    public record Feature(String name, boolean enabled) {
        public Feature {
            if (!FEATURE_NAMES.contains(name)) {
                throw ValueChecks.xmlError("invalid firmware feature name '" + name + "'");
            }
        }
    }

    /**
     * {@code <loader>}: the firmware image.
     *
     * @param path      the image's path, or {@code null} (to let libvirt pick one)
     * @param readonly  {@code readonly}, or {@code null}
     * @param secure    {@code secure} (Secure Boot with SMM), or {@code null}
     * @param type      {@code rom} or {@code pflash}, or {@code null}
     * @param stateless {@code stateless} (no NVRAM), or {@code null}
     */
    public record Loader(String path, Boolean readonly, Boolean secure, String type, Boolean stateless) {
        public Loader {
            ValueChecks.oneOf(type, LOADER_TYPES, "type", "loader");
        }
    }

    /**
     * {@code <nvram>}: where the firmware's variables live, a local file or (with a {@code type}) a storage
     * source as a disk's.
     *
     * @param template the variables template copied at first start, or {@code null}
     * @param path     a local file's path (the element's text), or {@code null}
     * @param type     a storage source's type ({@code file}, {@code block}, {@code network}), or {@code null}
     * @param source   the storage source of that type, or {@code null} (a {@code file} without one is libvirt's
 *                 default path)
     */
    public record Nvram(String template, String path, String type, DiskSource source) {
        public Nvram {
            if (type != null && !NVRAM_TYPES.contains(type)) {
                // the schema allows every disk source type; libvirt stores NVRAM only in these
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                        "unsupported nvram disk type '" + type + "'");
            }
        }
    }

    /** One {@code <acpi><table type='slic'>PATH</table>}. */
    public record AcpiTable(String type, String path) {
        public AcpiTable {
            if (!"slic".equals(type)) {
                throw ValueChecks.xmlError("Unknown acpi table type: " + type);
            }
            if (path == null || path.isBlank()) {
                throw ValueChecks.xmlError("Missing acpi table file");
            }
        }
    }
}
