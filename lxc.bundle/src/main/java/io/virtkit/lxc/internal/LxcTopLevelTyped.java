package io.virtkit.lxc.internal;

import static io.virtkit.lxc.internal.LxcTopLevelSupport.notSupported;
import static io.virtkit.lxc.internal.LxcTopLevelSupport.unsupported;

import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainNamespaces;
import io.virtkit.model.domain.DomainOs;
import io.virtkit.model.domain.DomainPlatform;
import io.virtkit.model.domain.DomainSecurity;
import io.virtkit.model.domain.DomainTuning;

/**
 * The typed top-level parts a container cannot run, refused at start for {@link LxcTopLevelSupport}: of
 * {@code <memtune>} only the hard, soft and swap limits run, of the {@code <os>} extras only {@code <initdir>};
 * no NUMA, memory backing, block I/O tuning, resource partition, sysinfo, power management, enabled perf event,
 * security label other than {@code none}, key wrapping, launch security or driver namespace element.
 */
final class LxcTopLevelTyped {

    private LxcTopLevelTyped() {
    }

    static void check(DomainDefinition def) {
        checkTuning(def.tuning());
        checkOs(def.os());
        if (!def.sysinfo().isEmpty()) {
            throw notSupported("<sysinfo>");
        }
        checkPlatform(def.platform());
        checkSecurity(def.security());
        DomainNamespaces ns = def.namespaces();
        if (ns != null) {
            String what = ns.hasQemuCommandline() ? "qemu:commandline"
                    : ns.qemuCapabilities() != null ? "qemu:capabilities"
                    : ns.qemuOverrides() != null ? "qemu:override"
                    : ns.qemuDeprecation() != null ? "qemu:deprecation"
                    : ns.lxcNamespace() != null ? "lxc:namespace"
                    : !ns.bhyveArgs().isEmpty() ? "bhyve:commandline"
                    : !ns.xenArgs().isEmpty() ? "xen:commandline" : "vmware:datacenterpath";
            throw unsupported("<" + what + "> is not supported by the LXC driver");
        }
    }

    private static void checkTuning(DomainTuning t) {
        if (t == null) {
            return;
        }
        if (t.memtune() != null && t.memtune().minGuaranteeKiB() != null) {
            throw notSupported("memtune <min_guarantee>");
        }
        if (t.blkiotune() != null) {
            throw notSupported("<blkiotune>");
        }
        if (t.numatune() != null) {
            throw notSupported("<numatune>");
        }
        if (t.memoryBacking() != null) {
            throw notSupported("<memoryBacking>");
        }
        if (t.resource() != null) {
            throw notSupported("<resource>");
        }
    }

    private static void checkOs(DomainOs os) {
        if (os.firmware() != null) {
            throw notSupported("<os> firmware settings");
        }
        for (String[] part : new String[][] {{"dtb", os.dtb()}, {"root", os.root()}, {"inituser", os.initUser()},
            {"initgroup", os.initGroup()}}) {
            if (part[1] != null) {
                throw notSupported("<os><" + part[0] + ">");
            }
        }
        if (os.initDir() != null && !os.initDir().strip().startsWith("/")) {
            throw unsupported("initdir must be an absolute path");
        }
    }

    private static void checkPlatform(DomainPlatform p) {
        if (p == null) {
            return;
        }
        for (String[] part : new String[][] {{"genid", p.genid()}, {"bootloader", p.bootloader()},
            {"bootloader_args", p.bootloaderArgs()}, {"on_lockfailure", p.onLockfailure()}}) {
            if (part[1] != null) {
                throw notSupported("<" + part[0] + ">");
            }
        }
        if (p.suspendToMem() != null || p.suspendToDisk() != null) {
            throw notSupported("<pm>");
        }
        for (DomainPlatform.PerfEvent event : p.perfEvents()) {
            if (event.enabled()) {
                throw notSupported("perf event '" + event.name() + "'");
            }
        }
    }

    private static void checkSecurity(DomainSecurity s) {
        if (s == null) {
            return;
        }
        if (s.modelNeedingDriver() != null) {
            throw unsupported("Unable to find security driver for model " + s.modelNeedingDriver()
                    + ": the LXC driver has none");
        }
        if (s.keywrap() != null) {
            throw notSupported("<keywrap>");
        }
        if (s.launchSecurity() != null) {
            throw notSupported("<launchSecurity>");
        }
    }
}
