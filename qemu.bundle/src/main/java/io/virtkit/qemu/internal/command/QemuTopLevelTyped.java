package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuArgv.unsupported;
import static io.virtkit.qemu.internal.command.QemuTopLevelSupport.notSupported;

import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainNamespaces;
import io.virtkit.model.domain.DomainOs;
import io.virtkit.model.domain.DomainPlatform;
import io.virtkit.model.domain.DomainSecurity;
import io.virtkit.model.domain.DomainSysinfo;
import io.virtkit.model.domain.DomainTuning;
import io.virtkit.model.domain.OsFirmware;

/**
 * What of the typed top-level parts ({@code <os>} firmware and extras, tuning, sysinfo, platform, security,
 * the drivers' namespaces) this driver cannot run, refused at start for {@link QemuTopLevelSupport}: cgroup
 * tuning (it runs QEMU without cgroups), huge pages, UEFI firmware and NVRAM, Xen's bootloader, a lock manager,
 * security drivers, s390 key wrapping, SEV, and other drivers' namespaces. What it runs is made into options by
 * {@link QemuTopLevelArgs}.
 */
final class QemuTopLevelTyped {

    private QemuTopLevelTyped() {
    }

    static void check(QemuArgv a) {
        DomainDefinition def = a.def;
        checkTuning(def.tuning());
        for (DomainSysinfo s : def.sysinfo()) {
            checkSysinfo(def, s);
        }
        checkOs(def.os());
        checkPlatform(def.platform());
        checkSecurity(def.security());
        checkNamespaces(def.namespaces());
    }

    private static void checkTuning(DomainTuning t) {
        if (t == null) {
            return;
        }
        String cgroups = "it runs QEMU without cgroups";
        if (t.blkiotune() != null) {
            throw notSupported("<blkiotune>", cgroups);
        }
        if (t.memtune() != null) {
            throw notSupported("<memtune>", cgroups);
        }
        DomainTuning.MemoryBacking mb = t.memoryBacking();
        if (mb != null) {
            // nosharepages: machine mem-merge=off; locked: -overcommit mem-lock=on; access: the RAM backend's share
            if (mb.hugepages() != null) {
                throw notSupported("memory backing <hugepages>", null);
            }
            if (mb.discard()) {
                throw notSupported("memory backing <discard>", null);
            }
            if ("file".equals(mb.sourceType())) {
                throw notSupported("memory backing source type 'file'", null);
            }
        }
        if (t.numatune() != null) {
            throw notSupported("<numatune>", cgroups);
        }
        if (t.resource() != null) {
            throw notSupported("<resource>", cgroups);
        }
    }

    private static void checkSysinfo(DomainDefinition def, DomainSysinfo sysinfo) {
        if (sysinfo.type().equals("fwcfg")) {
            for (DomainSysinfo.Entry entry : sysinfo.entries()) {
                QemuArgv.checkChars("fw_cfg entry", entry.value() == null ? "" : entry.value());
            }
            return;
        }
        OsFirmware fw = def.os().firmware();
        if (fw == null || !"sysinfo".equals(fw.smbiosMode())) {
            throw unsupported("<sysinfo type='smbios'> is used only with <smbios mode='sysinfo'/> in <os>");
        }
    }

    private static void checkOs(DomainOs os) {
        for (String[] part : new String[][] {{"dtb", os.dtb()}, {"root", os.root()}, {"initdir", os.initDir()},
            {"inituser", os.initUser()}, {"initgroup", os.initGroup()}}) {
            if (part[1] != null) {
                throw notSupported("<os><" + part[0] + ">", null);
            }
        }
        OsFirmware fw = os.firmware();
        if (fw == null) {
            return;
        }
        if (fw.firmware() != null && !fw.firmware().equals("bios")) {
            throw notSupported("firmware '" + fw.firmware() + "'", "no UEFI firmware is set up");
        }
        if (!fw.features().isEmpty()) {
            throw notSupported("<os><firmware>", "no UEFI firmware is set up");
        }
        OsFirmware.Loader loader = fw.loader();
        if (loader != null) {
            if (loader.type() != null && !loader.type().equals("rom") || Boolean.TRUE.equals(loader.secure())) {
                throw notSupported("a pflash or secure loader", "no UEFI firmware is set up");
            }
            QemuArgv.checkChars("loader path", loader.path() == null ? "" : loader.path());
        }
        if (fw.nvram() != null) {
            throw notSupported("<os><nvram>", "no UEFI firmware is set up");
        }
        if ("host".equals(fw.smbiosMode())) {
            throw notSupported("smbios mode 'host'", null);
        }
        for (OsFirmware.AcpiTable table : fw.acpiTables()) {
            QemuArgv.checkChars("ACPI table path", table.path());
        }
    }

    private static void checkPlatform(DomainPlatform p) {
        if (p == null) {
            return;
        }
        // genid: -device vmgenid; pm: the PM chip's disable_s3/disable_s4
        if (p.bootloader() != null || p.bootloaderArgs() != null) {
            throw notSupported(p.bootloader() != null ? "<bootloader>" : "<bootloader_args>", "it is Xen's");
        }
        if (p.onLockfailure() != null) {
            throw notSupported("<on_lockfailure>", "it has no lock manager");
        }
        for (DomainPlatform.PerfEvent event : p.perfEvents()) {
            if (event.enabled()) {
                throw notSupported("perf event '" + event.name() + "'", null);
            }
        }
    }

    private static void checkSecurity(DomainSecurity s) {
        if (s == null) {
            return;
        }
        if (s.modelNeedingDriver() != null) {
            throw unsupported("Unable to find security driver for model " + s.modelNeedingDriver()
                    + ": the QEMU driver has none");
        }
        if (s.keywrap() != null) {
            throw notSupported("<keywrap>", "it is for s390 guests");
        }
        if (s.launchSecurity() != null) {
            throw notSupported("<launchSecurity>", "it has no SEV or s390-pv");
        }
    }

    private static void checkNamespaces(DomainNamespaces n) {
        if (n == null) {
            return;
        }
        // qemu:commandline: appended to the argv; qemu:deprecation: -compat
        for (String arg : n.qemuArgs()) {
            QemuArgv.checkChars("qemu:commandline value", arg);
        }
        String other = n.qemuCapabilities() != null ? "qemu:capabilities"
                : n.qemuOverrides() != null ? "qemu:override"
                : n.lxcNamespace() != null ? "lxc:namespace"
                : !n.bhyveArgs().isEmpty() ? "bhyve:commandline"
                : !n.xenArgs().isEmpty() ? "xen:commandline"
                : n.vmwareDatacenterPath() != null ? "vmware:datacenterpath" : null;
        if (other != null) {
            throw unsupported("<" + other + "> is not supported by the QEMU driver");
        }
    }
}
