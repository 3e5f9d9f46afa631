package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuArgv.unsupported;
import static io.virtkit.qemu.internal.command.QemuTopLevelSupport.notSupported;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.virtkit.model.domain.DomainCpu;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainVcpus;

/**
 * {@code -cpu} and {@code -smp}: the CPU mode and model with its vendor, features, cache and address bits,
 * the {@code pmu} feature, and the topology with the vCPUs present at start ({@code <vcpu current>}).
 */
final class QemuCpuArgs {

    /** The default model when only properties are asked for, as libvirt's for x86. */
    static final String DEFAULT_MODEL = "qemu64";

    private QemuCpuArgs() {
    }

    /** Refuses what of {@code <cpu>} and {@code <vcpu>} this driver cannot run (from {@link QemuTopLevelSupport}). */
    static void check(DomainDefinition def, boolean kvm) {
        checkVcpus(def);
        DomainCpu cpu = def.cpu();
        if (cpu == null) {
            return;
        }
        DomainCpu.Model model = cpu.model();
        if (model != null) {
            String name = model.name();
            if (!name.isEmpty() && (!QemuTopLevelSupport.WORD.matcher(name).matches() || name.equals("help"))) {
                throw unsupported("CPU model '" + name + "' is not supported by the QEMU driver");
            }
            String vendorId = model.vendorId();
            if (vendorId != null && !vendorId.matches("[A-Za-z0-9 ]{12}")) {
                throw unsupported("vendor_id must be exactly 12 printable characters");
            }
        }
        for (DomainCpu.Feature f : cpu.features()) {
            if (!QemuTopLevelSupport.WORD.matcher(f.name()).matches()) {
                throw unsupported("CPU feature '" + f.name() + "' is not supported by the QEMU driver");
            }
        }
        DomainCpu.Cache cache = cpu.cache();
        if (cache != null) {
            if (cache.mode().equals("passthrough") && !kvm) {
                throw notSupported("CPU cache mode 'passthrough'", "it needs KVM");
            }
            if (cache.mode().equals("emulate") && !Integer.valueOf(3).equals(cache.level())) {
                throw unsupported("CPU cache mode 'emulate' can only be used with level='3'");
            }
        }
        DomainCpu.MaxPhysAddr bits = cpu.maxPhysAddr();
        if (bits != null && bits.mode().equals("passthrough") && !kvm) {
            throw notSupported("maxphysaddr mode 'passthrough'", "it needs KVM");
        }
        if (cpu.numa() != null) {
            QemuNumaArgs.check(def, cpu.numa());
        }
        int[] t = topology(def);
        if (t[0] * t[1] * t[2] * t[3] != def.vcpus()) {
            throw unsupported("CPU topology doesn't match maximum vcpu count");
        }
    }

    private static void checkVcpus(DomainDefinition def) {
        DomainVcpus vcpus = def.vcpuSettings();
        if (vcpus == null) {
            return;
        }
        if (vcpus.cpuset() != null) {
            throw notSupported("vcpu cpuset (pinning)", "it runs QEMU without CPU affinity");
        }
        if (!vcpus.vcpus().isEmpty()) {
            throw notSupported("<vcpus> (vCPU hotplug)", null);
        }
        Integer n = vcpus.current();
        if (n != null && n > def.vcpus()) {
            throw unsupported("requested vcpu count is greater than the count of enabled vcpus in the domain: "
                    + n + " > " + def.vcpus());
        }
    }

    /** sockets, dies, cores, threads: from {@code <topology>}, else one socket per vCPU. */
    static int[] topology(DomainDefinition def) {
        DomainCpu.Topology topo = def.cpu() == null ? null : def.cpu().topology();
        if (topo == null) {
            return new int[] {def.vcpus(), 1, 1, 1};
        }
        return new int[] {topo.sockets(), topo.diesOrOne(), topo.cores(), topo.threads()};
    }

    /** {@code -smp}: the vCPUs at start, the maximum when fewer, and the topology. */
    static void smp(QemuArgv a) {
        DomainDefinition def = a.def;
        Integer current = def.vcpuSettings() == null ? null : def.vcpuSettings().current();
        int[] t = topology(def);
        StringBuilder sb = new StringBuilder();
        if (current != null && current != def.vcpus()) {
            sb.append(current).append(",maxcpus=").append(def.vcpus());
        } else {
            sb.append(def.vcpus());
        }
        sb.append(",sockets=").append(t[0]);
        DomainCpu cpu = def.cpu();
        if (cpu != null && cpu.topology() != null && cpu.topology().dies() != null) {
            sb.append(",dies=").append(t[1]);
        }
        sb.append(",cores=").append(t[2]).append(",threads=").append(t[3]);
        a.add("-smp", sb.toString());
    }

    /** {@code -cpu}: the model for the mode, then its properties; nothing for QEMU's default CPU. */
    static void cpu(QemuArgv a) {
        DomainDefinition def = a.def;
        boolean kvm = def.type().equals("kvm");
        String mode = def.cpuMode();
        DomainCpu cpu = def.cpu();
        String model = null;
        if (mode != null) {
            switch (mode) {
                case "host-passthrough" -> {
                    if (!kvm) {
                        throw unsupported("CPU mode 'host-passthrough' for x86_64 qemu domain on x86_64 host is "
                                + "not supported by hypervisor");
                    }
                    model = "host";
                }
                case "host-model" -> model = kvm ? "host" : "max";
                case "maximum" -> model = "max";
                case "custom" -> {
                    // the model below
                }
                default -> throw unsupported("CPU mode '" + mode + "' is not supported by the QEMU driver");
            }
        }
        List<String> props = new ArrayList<>();
        if (cpu != null) {
            DomainCpu.Model m = cpu.model();
            if (m != null && !m.name().isEmpty() && (mode == null || mode.equals("custom"))) {
                model = m.name();
            }
            if (m != null && m.vendorId() != null) {
                props.add("vendor=" + m.vendorId());
            }
            if (cpu.migratable() != null) {
                // host-passthrough or maximum only (the model's check): QEMU's host and max CPUs have the property
                props.add("migratable=" + (cpu.migratable() ? "on" : "off"));
            }
            for (DomainCpu.Feature f : cpu.features()) {
                props.add(f.name() + "=" + (f.enabled() ? "on" : "off"));
            }
            DomainCpu.Cache cache = cpu.cache();
            if (cache != null) {
                switch (cache.mode()) {
                    case "emulate" -> props.add("l3-cache=on");
                    case "passthrough" -> props.add("host-cache-info=on");
                    default -> props.add("l3-cache=off");
                }
            }
            DomainCpu.MaxPhysAddr bits = cpu.maxPhysAddr();
            if (bits != null) {
                if (bits.mode().equals("passthrough")) {
                    props.add("host-phys-bits=on");
                } else if (bits.bits() != null) {
                    props.add("phys-bits=" + bits.bits());
                }
            }
        }
        Set<String> off = def.featureSettings() == null ? Set.of() : def.featureSettings().off();
        if (def.features().contains("pmu")) {
            props.add("pmu=on");
        } else if (off.contains("pmu")) {
            props.add("pmu=off");
        }
        if (kvm && (def.features().contains("pvspinlock") || off.contains("pvspinlock"))) {
            props.add("kvm-pv-unhalt=" + (def.features().contains("pvspinlock") ? "on" : "off"));
        }
        if (model == null && props.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder(model == null ? DEFAULT_MODEL : model);
        for (String p : props) {
            sb.append(',').append(p);
        }
        a.add("-cpu", sb.toString());
    }
}
