package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.DiskSource;
import io.virtkit.model.domain.OsFirmware;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The firmware settings of {@code <os>} ({@link OsFirmware}): the {@code firmware} attribute and
 * {@code <firmware>} features, {@code <loader>}, {@code <nvram>} (a file, or a storage source read as a disk's
 * by {@link DiskSourceXml}), {@code <bootmenu>}, {@code <smbios>}, {@code <bios>} and {@code <acpi>}. For
 * {@link OsXml}, which writes each part at libvirt's place among the other children.
 */
final class OsFirmwareXml {

    /** The keys this codec reads, relative to {@code <os>}. */
    static final List<String> MODELLED = Stream.concat(Stream.of("@firmware", "firmware/feature@enabled",
            "firmware/feature@name", "loader@readonly", "loader@secure", "loader@type", "loader@stateless",
            "nvram@template", "nvram@type", "bootmenu@enable", "bootmenu@timeout", "smbios@mode", "bios@useserial",
            "bios@rebootTimeout", "acpi/table@type"),
            DiskSourceXml.SOURCE_ALL.stream().map(k -> "nvram/" + k)).toList();

    private OsFirmwareXml() {
    }

    /** The firmware settings of {@code <os>}, {@code null} when it has none. */
    static OsFirmware parse(XmlCursor os) {
        String firmware = os.attr("firmware");
        List<OsFirmware.Feature> features = new ArrayList<>();
        XmlCursor fwEl = os.child("firmware");
        if (fwEl != null) {
            for (XmlCursor f : fwEl.children("feature")) {
                String name = f.attrOrEmpty("name");
                if (!f.has("enabled")) {
                    throw DomainErrors.xmlError("missing required 'enabled' attribute in element 'feature'");
                }
                features.add(new OsFirmware.Feature(name, DomainErrors.yesNo(f.attr("enabled"), "enabled", "feature")));
            }
        }
        OsFirmware.Loader loader = null;
        XmlCursor l = os.child("loader");
        if (l != null) {
            loader = new OsFirmware.Loader(blankToNull(l.text()), DomainErrors.yesNoAttr(l, "readonly"),
                    DomainErrors.yesNoAttr(l, "secure"), l.attr("type"),
                    DomainErrors.yesNoAttr(l, "stateless"));
        }
        Boolean bootMenu = null;
        Integer bootMenuTimeout = null;
        XmlCursor menu = os.child("bootmenu");
        if (menu != null) {
            bootMenu = DomainErrors.yesNo(menu.attrOrEmpty("enable"), "enable", "bootmenu");
            bootMenuTimeout = number(menu, "timeout", "invalid value for boot menu timeout, must be in range [0,65535]");
        }
        XmlCursor smbios = os.child("smbios");
        String smbiosMode = smbios == null ? null : smbios.attrOrEmpty("mode");
        XmlCursor bios = os.child("bios");
        Boolean useSerial = bios == null ? null : DomainErrors.yesNoAttr(bios, "useserial");
        Integer rebootTimeout = bios == null ? null
                : number(bios, "rebootTimeout", "invalid value for rebootTimeout, must be in range [-1,65535]");
        List<OsFirmware.AcpiTable> tables = new ArrayList<>();
        XmlCursor acpi = os.child("acpi");
        if (acpi != null) {
            for (XmlCursor t : acpi.children("table")) {
                tables.add(new OsFirmware.AcpiTable(t.attrOrEmpty("type"), blankToNull(t.text())));
            }
        }
        OsFirmware result = new OsFirmware(firmware, features, loader, nvram(os.child("nvram")), bootMenu,
                bootMenuTimeout, smbiosMode, useSerial, rebootTimeout, tables);
        return result.isEmpty() ? null : result;
    }

    private static OsFirmware.Nvram nvram(XmlCursor n) {
        if (n == null) {
            return null;
        }
        String type = n.attr("type");
        if (type == null) {
            return new OsFirmware.Nvram(n.attr("template"), blankToNull(n.text()), null, null);
        }
        DiskSource source = OsFirmware.NVRAM_TYPES.contains(type) ? DiskSourceXml.parse(n, type, null, false) : null;
        return new OsFirmware.Nvram(n.attr("template"), null, type, source);
    }

    /** A decimal attribute ({@link OsFirmware} checks its range), {@code null} when absent. */
    private static Integer number(XmlCursor e, String attribute, String error) {
        String value = e.attr(attribute);
        try {
            return value == null ? null : Integer.valueOf(value.strip());
        } catch (NumberFormatException ex) {
            throw DomainErrors.xmlError(error);
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** {@code <firmware>} with its features, right after {@code <type>}. */
    static void writeFeatures(XmlWriter w, OsFirmware fw) {
        if (fw == null || fw.features().isEmpty()) {
            return;
        }
        w.open("firmware");
        for (OsFirmware.Feature f : fw.features()) {
            w.empty("feature", "enabled", DomainErrors.yesNo(f.enabled()), "name", f.name());
        }
        w.close("firmware");
    }

    /** {@code <loader>} and {@code <nvram>}, before the kernel. */
    static void writeLoader(XmlWriter w, OsFirmware fw) {
        if (fw == null) {
            return;
        }
        OsFirmware.Loader l = fw.loader();
        if (l != null) {
            String[] attrs = {"readonly", DomainErrors.yesNo(l.readonly()), "secure", DomainErrors.yesNo(l.secure()),
                "type", l.type(), "stateless", DomainErrors.yesNo(l.stateless())};
            if (l.path() == null) {
                w.empty("loader", attrs);
            } else {
                w.text("loader", l.path(), attrs);
            }
        }
        OsFirmware.Nvram n = fw.nvram();
        if (n == null) {
            return;
        }
        if (n.type() != null && n.source() == null) {
            w.empty("nvram", "template", n.template(), "type", n.type());
        } else if (n.type() != null) {
            w.open("nvram", "template", n.template(), "type", n.type());
            DiskSourceXml.write(w, n.type(), n.source(), false);
            w.close("nvram");
        } else if (n.path() != null) {
            w.text("nvram", n.path(), "template", n.template());
        } else {
            w.empty("nvram", "template", n.template());
        }
    }

    /** {@code <acpi>}, after the kernel. */
    static void writeAcpi(XmlWriter w, OsFirmware fw) {
        if (fw == null || fw.acpiTables().isEmpty()) {
            return;
        }
        w.open("acpi");
        for (OsFirmware.AcpiTable t : fw.acpiTables()) {
            w.text("table", t.path(), "type", t.type());
        }
        w.close("acpi");
    }

    /** {@code <bootmenu>}, {@code <smbios>} and {@code <bios>}, after the boot devices. */
    static void writeBootSettings(XmlWriter w, OsFirmware fw) {
        if (fw == null) {
            return;
        }
        if (fw.bootMenu() != null) {
            w.empty("bootmenu", "enable", DomainErrors.yesNo(fw.bootMenu()), "timeout",
                    DomainErrors.text(fw.bootMenuTimeout()));
        }
        if (fw.smbiosMode() != null) {
            w.empty("smbios", "mode", fw.smbiosMode());
        }
        if (fw.biosUseSerial() != null || fw.biosRebootTimeout() != null) {
            w.empty("bios", "useserial", DomainErrors.yesNo(fw.biosUseSerial()), "rebootTimeout",
                    DomainErrors.text(fw.biosRebootTimeout()));
        }
    }
}
