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
                case "genid", "metadata", "memory", "pm", "iothreads", "iothreadids", "defaultiothread" -> {
                    // run: QemuTopLevelArgs
                }
                case "blkiotune", "memtune", "numatune", "resource", "cputune" ->
                    throw notSupported("<" + e.name() + ">", "it runs QEMU without cgroups");
                case "maxMemory" -> throw notSupported("<maxMemory> (memory hotplug)", "it has no NUMA guests yet");
                case "vcpus" -> throw notSupported("<vcpus> (vCPU hotplug)", null);
                case "bootloader", "bootloader_args" -> throw notSupported("<" + e.name() + ">", "it is Xen's");
                case "on_lockfailure" -> throw notSupported("<on_lockfailure>", "it has no lock manager");
                case "keywrap" -> throw notSupported("<keywrap>", "it is for s390 guests");
                case "launchSecurity" -> throw notSupported("<launchSecurity>", "it has no SEV or s390-pv");
                case "memoryBacking" -> checkMemoryBacking(e);
                case "vcpu" -> checkVcpu(def, e);
                case "sysinfo" -> checkSysinfo(def, e);
                case "os" -> checkOs(e);
                case "features" -> checkFeatures(e, kvm, a.q35);
                case "cpu" -> QemuCpuArgs.check(def, e, kvm);
                case "clock" -> checkClock(e, kvm);
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

    private static void checkVcpu(DomainDefinition def, DomainElement vcpu) {
        if (vcpu.attr("cpuset") != null) {
            throw notSupported("vcpu cpuset (pinning)", "it runs QEMU without CPU affinity");
        }
        String current = vcpu.attr("current");
        if (current != null) {
            int n;
            try {
                n = Integer.parseInt(current.strip());
            } catch (NumberFormatException ex) {
                throw unsupported("invalid current vcpus count '" + current + "'");
            }
            if (n < 1 || n > def.vcpus()) {
                throw unsupported("requested vcpu count is greater than the count of enabled vcpus in the domain: "
                        + n + " > " + def.vcpus());
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

    private static void checkFeatures(DomainElement features, boolean kvm, boolean q35) {
        for (DomainElement f : features.children()) {
            boolean off = "off".equals(f.attr("state"));
            switch (f.name()) {
                case "pmu", "vmport", "smm", "vmcoreinfo", "hap", "pvspinlock" -> {
                    if (f.name().equals("smm") && f.child("tseg") != null && !q35) {
                        throw unsupported("SMM TSEG is only supported with q35 machine type");
                    }
                    if (f.name().equals("pvspinlock") && !off && !kvm) {
                        throw notSupported("pvspinlock", "it needs KVM");
                    }
                }
                case "tcg" -> {
                    if (kvm) {
                        throw unsupported("TCG features are incompatible with domain type 'kvm'");
                    }
                }
                case "apic" -> {
                    if (f.attr("eoi") != null) {
                        throw notSupported("apic eoi", "it needs KVM");
                    }
                }
                case "ioapic" -> {
                    if ("kvm".equals(f.attr("driver"))) {
                        throw notSupported("ioapic driver 'kvm'", "the guest's IOAPIC is QEMU's");
                    }
                }
                default -> {
                    if (!off) {
                        throw unsupported("feature '" + f.name() + "' is not supported by the QEMU driver");
                    }
                }
            }
        }
    }

    private static void checkClock(DomainElement clock, boolean kvm) {
        if (clock.attr("start") != null) {
            throw notSupported("clock start", "it is Xen's");
        }
        for (DomainElement t : clock.children("timer")) {
            String name = t.attr("name");
            boolean absent = "no".equals(t.attr("present"));
            if (t.child("catchup") != null) {
                throw notSupported("timer catchup settings", null);
            }
            if (t.attr("frequency") != null || t.attr("mode") != null) {
                throw notSupported("timer frequency or mode", null);
            }
            String tick = t.attr("tickpolicy");
            switch (name) {
                case "rtc" -> {
                    if (absent) {
                        throw unsupported("unsupported rtc timer present='no'");
                    }
                    if (tick != null && !tick.equals("delay") && !tick.equals("catchup")) {
                        throw unsupported("unsupported rtc timer tickpolicy '" + tick + "'");
                    }
                }
                case "pit" -> {
                    if (tick != null && !tick.equals("delay") && !(kvm && tick.equals("discard"))) {
                        throw unsupported("unsupported pit tickpolicy '" + tick + "'");
                    }
                }
                case "hpet" -> {
                    if (tick != null) {
                        throw unsupported("unsupported hpet tickpolicy '" + tick + "'");
                    }
                }
                case "kvmclock", "hypervclock" -> {
                    if (!absent) {
                        throw notSupported("timer '" + name + "'", "it needs KVM");
                    }
                }
                default -> throw notSupported("timer '" + name + "'", null);
            }
            if (t.attr("track") != null && !name.equals("rtc")) {
                throw unsupported("timer track is only for the rtc timer");
            }
        }
    }
}
