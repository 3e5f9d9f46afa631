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
        for (DomainElement e : def.elements()) {
            if (e.namespace() != null) {
                throw unsupported("<" + e.qualifiedName() + "> is not supported by the QEMU driver");
            }
            switch (e.name()) {
                case "metadata", "memory", "iothreads", "iothreadids", "defaultiothread" -> {
                    // run: QemuTopLevelArgs
                }
                case "cputune" -> throw notSupported("<cputune>", "it runs QEMU without cgroups");
                case "maxMemory" -> throw notSupported("<maxMemory> (memory hotplug)", "it has no NUMA guests yet");
                case "vcpus" -> throw notSupported("<vcpus> (vCPU hotplug)", null);
                case "vcpu" -> checkVcpu(def, e);
                case "features" -> checkFeatures(e, kvm, a.q35);
                case "cpu" -> QemuCpuArgs.check(def, e, kvm);
                case "clock" -> checkClock(e, kvm);
                default -> throw unsupported("<" + e.name() + "> is not supported by the QEMU driver");
            }
        }
    }

    static VirtException notSupported(String what, String why) {
        return unsupported(what + " is not supported by the QEMU driver" + (why == null ? "" : ": " + why));
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
