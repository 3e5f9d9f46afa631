package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuArgv.unsupported;
import static io.virtkit.qemu.internal.command.QemuTopLevelSupport.notSupported;

import java.util.ArrayList;
import java.util.List;

import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainElement;

/**
 * {@code -cpu} and {@code -smp}: the CPU mode and model with its vendor, features, cache and address bits,
 * the {@code pmu} feature, and the topology with the vCPUs present at start ({@code <vcpu current>}).
 */
final class QemuCpuArgs {

    /** The default model when only properties are asked for, as libvirt's for x86. */
    static final String DEFAULT_MODEL = "qemu64";

    private QemuCpuArgs() {
    }

    /** Refuses what of {@code <cpu>} this driver cannot run (called from {@link QemuTopLevelSupport}). */
    static void check(DomainDefinition def, DomainElement cpu, boolean kvm) {
        DomainElement model = cpu.child("model");
        if (model != null) {
            String name = model.text() == null ? "" : model.text().strip();
            if (!QemuTopLevelSupport.WORD.matcher(name).matches() || name.equals("help")) {
                throw unsupported("CPU model '" + name + "' is not supported by the QEMU driver");
            }
            String vendorId = model.attr("vendor_id");
            if (vendorId != null && !vendorId.matches("[A-Za-z0-9 ]{12}")) {
                throw unsupported("vendor_id must be exactly 12 printable characters");
            }
        }
        for (DomainElement f : cpu.children("feature")) {
            if (!QemuTopLevelSupport.WORD.matcher(f.attr("name") == null ? "" : f.attr("name")).matches()) {
                throw unsupported("CPU feature '" + f.attr("name") + "' is not supported by the QEMU driver");
            }
        }
        DomainElement cache = cpu.child("cache");
        if (cache != null) {
            String mode = cache.attr("mode");
            if (mode.equals("passthrough") && !kvm) {
                throw notSupported("CPU cache mode 'passthrough'", "it needs KVM");
            }
            if (mode.equals("emulate") && !"3".equals(cache.attr("level"))) {
                throw unsupported("CPU cache mode 'emulate' can only be used with level='3'");
            }
        }
        DomainElement bits = cpu.child("maxphysaddr");
        if (bits != null && "passthrough".equals(bits.attr("mode")) && !kvm) {
            throw notSupported("maxphysaddr mode 'passthrough'", "it needs KVM");
        }
        if (cpu.child("numa") != null) {
            QemuNumaArgs.check(def, cpu.child("numa"));
        }
        int[] t = topology(def);
        if (t[0] * t[1] * t[2] * t[3] != def.vcpus()) {
            throw unsupported("CPU topology doesn't match maximum vcpu count");
        }
    }

    /** sockets, dies, cores, threads: from {@code <topology>}, else one socket per vCPU. */
    static int[] topology(DomainDefinition def) {
        DomainElement cpu = def.element("cpu");
        DomainElement topo = cpu == null ? null : cpu.child("topology");
        if (topo == null) {
            return new int[] {def.vcpus(), 1, 1, 1};
        }
        return new int[] {number(topo, "sockets"), number(topo, "dies"), number(topo, "cores"),
            number(topo, "threads")};
    }

    private static int number(DomainElement topo, String attr) {
        String v = topo.attr(attr);
        if (v == null) {
            return 1;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < 1) {
                throw new NumberFormatException(v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw unsupported("Invalid CPU topology " + attr + " '" + v + "'");
        }
    }

    /** {@code -smp}: the vCPUs at start, the maximum when fewer, and the topology. */
    static void smp(QemuArgv a) {
        DomainDefinition def = a.def;
        DomainElement vcpu = def.element("vcpu");
        String current = vcpu == null ? null : vcpu.attr("current");
        int[] t = topology(def);
        StringBuilder sb = new StringBuilder();
        if (current != null && Integer.parseInt(current.strip()) != def.vcpus()) {
            sb.append(Integer.parseInt(current.strip())).append(",maxcpus=").append(def.vcpus());
        } else {
            sb.append(def.vcpus());
        }
        sb.append(",sockets=").append(t[0]);
        DomainElement cpu = def.element("cpu");
        if (cpu != null && cpu.child("topology") != null && cpu.child("topology").attr("dies") != null) {
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
        DomainElement cpu = def.element("cpu");
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
            DomainElement m = cpu.child("model");
            if (m != null && (mode == null || mode.equals("custom"))) {
                model = m.text().strip();
            }
            if (m != null && m.attr("vendor_id") != null) {
                props.add("vendor=" + m.attr("vendor_id"));
            }
            for (DomainElement f : cpu.children("feature")) {
                String policy = f.attr("policy") == null ? "require" : f.attr("policy");
                boolean on = !policy.equals("disable") && !policy.equals("forbid");
                props.add(f.attr("name") + "=" + (on ? "on" : "off"));
            }
            DomainElement cache = cpu.child("cache");
            if (cache != null) {
                switch (cache.attr("mode")) {
                    case "emulate" -> props.add("l3-cache=on");
                    case "passthrough" -> props.add("host-cache-info=on");
                    default -> props.add("l3-cache=off");
                }
            }
            DomainElement bits = cpu.child("maxphysaddr");
            if (bits != null) {
                if ("passthrough".equals(bits.attr("mode"))) {
                    props.add("host-phys-bits=on");
                } else if (bits.attr("bits") != null) {
                    props.add("phys-bits=" + Integer.parseInt(bits.attr("bits").strip()));
                }
            }
        }
        DomainElement features = def.element("features");
        if (def.features().contains("pmu")) {
            props.add("pmu=on");
        } else if (features != null && features.child("pmu") != null) {
            props.add("pmu=off");
        }
        if (features != null && features.child("pvspinlock") != null && kvm) {
            props.add("kvm-pv-unhalt=" + (def.features().contains("pvspinlock") ? "on" : "off"));
        } else if (def.features().contains("pvspinlock") && kvm) {
            props.add("kvm-pv-unhalt=on");
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
