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

    /** CPU model, feature and vendor names: bare words, or QEMU would read them as {@code key=value}. */
    static final Pattern WORD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** The features this driver runs (the rest are another hypervisor's or KVM-only). */
    private static final Set<String> FEATURES = Set.of("acpi", "apic", "pae", "hap", "pmu", "vmport", "smm",
            "vmcoreinfo", "ioapic");

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
        QemuTopLevelTyped.check(a);
        if (def.maxMemory() != null) {
            throw notSupported("<maxMemory> (memory hotplug)", "it has no NUMA guests yet");
        }
        QemuCpuArgs.check(def, kvm);
        QemuFeaturesClockSupport.check(def, kvm, a.q35);
        for (DomainElement e : def.elements()) {
            if (e.namespace() != null) {
                throw unsupported("<" + e.qualifiedName() + "> is not supported by the QEMU driver");
            }
            switch (e.name()) {
                case "metadata", "memory" -> {
                    // not configuration, and memory's dumpCore/mode kept as a tree (run: QemuTopLevelArgs)
                }
                default -> throw unsupported("<" + e.name() + "> is not supported by the QEMU driver");
            }
        }
    }

    static VirtException notSupported(String what, String why) {
        return unsupported(what + " is not supported by the QEMU driver" + (why == null ? "" : ": " + why));
    }
}
