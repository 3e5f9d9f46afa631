package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuArgv.unsupported;

import java.util.Set;
import java.util.regex.Pattern;

import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainElement;

/**
 * What of the top-level elements outside {@code <devices>} this driver cannot run, refused at start with
 * libvirt's "unsupported configuration" before any argv is made. What it runs is made into options by
 * {@link QemuTopLevelArgs} and {@link QemuCpuArgs}; every rule here says why the rest is refused (no cgroups,
 * no security driver, no UEFI firmware on this host, KVM-only enlightenments …), so nothing is dropped.
 */
final class QemuTopLevelSupport {

    static final String QEMU_NS = "http://libvirt.org/schemas/domain/qemu/1.0";

    /** CPU model, feature and vendor names: bare words, or QEMU would read them as {@code key=value}. */
    static final Pattern WORD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** The features this driver runs (the rest are another hypervisor's or KVM-only). */
    private static final Set<String> FEATURES = Set.of("acpi", "apic", "pae", "hap", "pmu", "vmport", "smm",
            "vmcoreinfo", "ioapic");

    /** The entries of each SMBIOS block QEMU takes (libvirt's names are QEMU's); oemStrings has no names. */
    private static final java.util.Map<String, Set<String>> SMBIOS_FIELDS = java.util.Map.of(
            "bios", Set.of("vendor", "version", "date", "release"),
            "system", Set.of("manufacturer", "product", "version", "serial", "uuid", "sku", "family"),
            "baseBoard", Set.of("manufacturer", "product", "version", "serial", "asset", "location"),
            "chassis", Set.of("manufacturer", "version", "serial", "asset", "sku"));

    private QemuTopLevelSupport() {
    }

    static void check(QemuArgv a) {
        DomainDefinition def = a.def;
        boolean kvm = def.type().equals("kvm");
        if (def.cputune() != null) {
            throw notSupported("<cputune>", "it runs QEMU without cgroups");
        }
        for (String f : def.features()) {
            if (!FEATURES.contains(f) && !(f.equals("pvspinlock") && kvm)) {
                throw unsupported("feature '" + f + "' is not supported by the QEMU driver");
            }
        }
        if (def.maxMemory() != null) {
            throw notSupported("<maxMemory> (memory hotplug)", "it has no NUMA guests yet");
        }
        QemuCpuArgs.check(def, kvm);
        QemuFeaturesClockSupport.check(def, kvm, a.q35);
        for (DomainElement e : def.elements()) {
            if (e.namespace() != null) {
                if (e.namespace().equals(QEMU_NS) && e.name().equals("deprecation")) {
                    continue; // -compat
                }
                if (!(e.namespace().equals(QEMU_NS) && e.name().equals("commandline"))) {
                    throw unsupported("<" + e.qualifiedName() + "> is not supported by the QEMU driver");
                }
                for (DomainElement arg : e.children()) {
                    String value = arg.attr("value");
                    QemuArgv.checkChars("qemu:commandline value", value == null ? "" : value);
                }
                continue;
            }
            switch (e.name()) {
                case "genid", "metadata", "memory", "pm" -> {
                    // run: QemuTopLevelArgs
                }
                case "blkiotune", "memtune", "numatune", "resource" ->
                    throw notSupported("<" + e.name() + ">", "it runs QEMU without cgroups");
                case "bootloader", "bootloader_args" -> throw notSupported("<" + e.name() + ">", "it is Xen's");
                case "on_lockfailure" -> throw notSupported("<on_lockfailure>", "it has no lock manager");
                case "keywrap" -> throw notSupported("<keywrap>", "it is for s390 guests");
                case "launchSecurity" -> throw notSupported("<launchSecurity>", "it has no SEV or s390-pv");
                case "memoryBacking" -> checkMemoryBacking(e);
                case "sysinfo" -> checkSysinfo(def, e);
                case "os" -> checkOs(e);
                case "perf" -> {
                    for (DomainElement event : e.children("event")) {
                        if ("yes".equals(event.attr("enabled"))) {
                            throw notSupported("perf event '" + event.attr("name") + "'", null);
                        }
                    }
                }
                case "seclabel" -> {
                    if (!"none".equals(e.attr("type"))) {
                        String model = e.attr("model");
                        throw unsupported("Unable to find security driver for model "
                                + (model == null ? "(default)" : model) + ": the QEMU driver has none");
                    }
                }
                default -> throw unsupported("<" + e.name() + "> is not supported by the QEMU driver");
            }
        }
    }

    static VirtException notSupported(String what, String why) {
        return unsupported(what + " is not supported by the QEMU driver" + (why == null ? "" : ": " + why));
    }

    private static void checkMemoryBacking(DomainElement mb) {
        for (DomainElement c : mb.children()) {
            switch (c.name()) {
                case "nosharepages", "locked" -> {
                    // machine mem-merge=off, -overcommit mem-lock=on
                }
                case "source" -> {
                    String type = c.attr("type");
                    if (type != null && !type.equals("anonymous") && !type.equals("memfd")) {
                        throw notSupported("memory backing source type '" + type + "'", null);
                    }
                }
                case "access" -> {
                    // the RAM backend's share
                }
                case "allocation" -> {
                    String threads = c.attr("threads");
                    if (threads != null && !threads.strip().matches("[0-9]{1,6}")) {
                        throw unsupported("invalid memory allocation threads '" + threads + "'");
                    }
                }
                default -> throw notSupported("memory backing <" + c.name() + ">", null);
            }
        }
    }

    private static void checkSysinfo(DomainDefinition def, DomainElement sysinfo) {
        String type = sysinfo.attr("type");
        if ("fwcfg".equals(type)) {
            for (DomainElement entry : sysinfo.children("entry")) {
                QemuArgv.checkChars("fw_cfg entry", entry.text() == null ? "" : entry.text());
            }
            return;
        }
        DomainElement os = def.element("os");
        DomainElement smbios = os == null ? null : os.child("smbios");
        if (smbios == null || !"sysinfo".equals(smbios.attr("mode"))) {
            throw unsupported("<sysinfo type='smbios'> is used only with <smbios mode='sysinfo'/> in <os>");
        }
        for (DomainElement block : sysinfo.children()) {
            if (!QemuTopLevelArgs.SMBIOS_TYPES.containsKey(block.name())) {
                throw notSupported("sysinfo <" + block.name() + ">", null);
            }
            Set<String> fields = SMBIOS_FIELDS.get(block.name());
            for (DomainElement entry : block.children("entry")) {
                // a field's name is a key of -smbios: only QEMU's own, or the XML could add keys
                if (fields != null && !fields.contains(entry.attr("name"))) {
                    throw unsupported("unsupported sysinfo " + block.name() + " entry '" + entry.attr("name") + "'");
                }
            }
        }
    }

    private static void checkOs(DomainElement os) {
        if (os.attr("firmware") != null && !os.attr("firmware").equals("bios")) {
            throw notSupported("firmware '" + os.attr("firmware") + "'", "no UEFI firmware is set up");
        }
        for (DomainElement c : os.children()) {
            switch (c.name()) {
                case "bootmenu" -> {
                    String timeout = c.attr("timeout");
                    if (timeout != null && !timeout.matches("[0-9]{1,5}")) {
                        throw unsupported("invalid value for boot menu timeout, must be in range [0,65535]");
                    }
                }
                case "bios" -> {
                    String reboot = c.attr("rebootTimeout");
                    if (reboot != null && !reboot.matches("-1|[0-9]{1,5}")) {
                        throw unsupported("invalid value for rebootTimeout, must be in range [-1,65535]");
                    }
                }
                case "smbios" -> {
                    if ("host".equals(c.attr("mode"))) {
                        throw notSupported("smbios mode 'host'", null);
                    }
                }
                case "loader" -> {
                    if (c.attr("type") != null && !c.attr("type").equals("rom") || "yes".equals(c.attr("secure"))) {
                        throw notSupported("a pflash or secure loader", "no UEFI firmware is set up");
                    }
                    QemuArgv.checkChars("loader path", c.text() == null ? "" : c.text().strip());
                }
                case "acpi" -> {
                    for (DomainElement table : c.children("table")) {
                        if (!"slic".equals(table.attr("type"))) {
                            throw unsupported("ACPI table type '" + table.attr("type") + "' is not supported");
                        }
                        QemuArgv.checkChars("ACPI table path", table.text() == null ? "" : table.text().strip());
                    }
                }
                default -> throw notSupported("<os><" + c.name() + ">", null);
            }
        }
    }
}
