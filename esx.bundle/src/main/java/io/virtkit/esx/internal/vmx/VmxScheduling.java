package io.virtkit.esx.internal.vmx;

import io.virtkit.model.domain.CpuTune;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainTuning;
import io.virtkit.model.domain.DomainVcpus;
import java.util.BitSet;
import java.util.List;

/**
 * The scheduler entries between VMX and definitions as libvirt maps them: the memory reservation
 * ({@code sched.mem.minsize} ⇄ {@code <memtune><min_guarantee>}), the CPU affinity ({@code sched.cpu.affinity}
 * ⇄ {@code <vcpu cpuset>}) and CPU shares ({@code sched.cpu.shares} with VMware's low/normal/high levels ⇄
 * {@code <cputune><shares>}).
 */
final class VmxScheduling {
    /** libvirt's largest host CPU number plus one in a CPU mask. */
    private static final int CPUMASK_LEN = 1024;

    private VmxScheduling() {
    }

    /** Reads the three entries into the builder; {@code numvcpus} and memory are already read. */
    static void parse(VmxEntries vmx, DomainDefinition.Builder def, long memsizeMiB, int vcpus) {
        long minsize = Math.max(0, vmx.number("sched.mem.minsize", 0, true));
        long minKiB = Math.min(minsize, memsizeMiB) * 1024;
        if (minKiB > 0) {
            def.tuning(new DomainTuning(new DomainTuning.MemTune(null, null, minKiB, null), null, null, null, null));
        }
        String affinity = vmx.string("sched.cpu.affinity", true);
        if (affinity != null && !affinity.equalsIgnoreCase("all")) {
            def.vcpuSettings(new DomainVcpus(null, cpuset(affinity, vcpus), List.of()));
        }
        String shares = vmx.string("sched.cpu.shares", true);
        if (shares != null) {
            long value;
            if (shares.equalsIgnoreCase("low")) {
                value = vcpus * 500L;
            } else if (shares.equalsIgnoreCase("normal")) {
                value = vcpus * 1000L;
            } else if (shares.equalsIgnoreCase("high")) {
                value = vcpus * 2000L;
            } else {
                try {
                    value = Long.parseUnsignedLong(shares.strip());
                } catch (NumberFormatException e) {
                    throw VmxErrors.internal("Expecting VMX entry 'sched.cpu.shares' to be an unsigned integer or "
                            + "'low', 'normal' or 'high' but found '" + shares + "'");
                }
            }
            def.cputune(new CpuTune(value, null, null));
        }
    }

    private static String cpuset(String affinity, int vcpus) {
        String[] parts = affinity.split(",", -1);
        if (parts.length < vcpus) {
            throw VmxErrors.internal("Expecting VMX entry 'sched.cpu.affinity' to contain at least as many values as "
                    + "'numvcpus' (" + vcpus + ") but found only " + parts.length + " value(s)");
        }
        BitSet cpus = new BitSet();
        for (String part : parts) {
            int cpu;
            try {
                cpu = Integer.parseUnsignedInt(part.strip());
            } catch (NumberFormatException e) {
                throw VmxErrors.internal("Expecting VMX entry 'sched.cpu.affinity' to be a comma separated list of "
                        + "unsigned integers but found '" + affinity + "'");
            }
            if (cpu >= CPUMASK_LEN) {
                throw VmxErrors.internal("VMX entry 'sched.cpu.affinity' contains a " + cpu
                        + ", this value is too large");
            }
            cpus.set(cpu);
        }
        return ranges(cpus);
    }

    /** A CPU set as libvirt writes one: {@code 0-3,6}. */
    private static String ranges(BitSet cpus) {
        StringBuilder out = new StringBuilder();
        for (int start = cpus.nextSetBit(0); start >= 0; start = cpus.nextSetBit(start)) {
            int end = cpus.nextClearBit(start) - 1;
            out.append(out.isEmpty() ? "" : ",").append(start);
            if (end > start) {
                out.append('-').append(end);
            }
            start = end + 1;
        }
        return out.toString();
    }

    /** The memory reservation entry, written after {@code sched.mem.max}. */
    static void formatMemory(DomainDefinition def, VmxFile.Builder out) {
        DomainTuning tuning = def.tuning();
        Long min = tuning == null || tuning.memtune() == null ? null : tuning.memtune().minGuaranteeKiB();
        if (min != null && min > 0) {
            out.put("sched.mem.minsize", Long.toString((min + 1023) / 1024));
        }
    }

    /** The affinity and shares entries, written after the vCPUs. */
    static void formatCpus(DomainDefinition def, VmxFile.Builder out) {
        String cpuset = def.vcpuSettings() == null ? null : def.vcpuSettings().cpuset();
        if (cpuset != null) {
            BitSet cpus = parseCpuset(cpuset);
            if (cpus.cardinality() < def.vcpus()) {
                throw VmxErrors.internal("Expecting domain XML attribute 'cpuset' of entry 'vcpu' to contain at least "
                        + def.vcpus() + " CPU(s)");
            }
            StringBuilder list = new StringBuilder();
            cpus.stream().forEach(cpu -> list.append(list.isEmpty() ? "" : ",").append(cpu));
            out.put("sched.cpu.affinity", list.toString());
        }
        Long shares = def.cputune() == null ? null : def.cputune().shares();
        if (shares != null) {
            long vcpus = def.vcpus();
            String value = shares == vcpus * 500 ? "low" : shares == vcpus * 1000 ? "normal"
                    : shares == vcpus * 2000 ? "high" : Long.toString(shares);
            out.put("sched.cpu.shares", value);
        }
    }

    /** A libvirt CPU set ({@code 0-3,^2,5}). */
    private static BitSet parseCpuset(String cpuset) {
        BitSet cpus = new BitSet();
        for (String part : cpuset.split(",")) {
            String p = part.strip();
            boolean negate = p.startsWith("^");
            String range = negate ? p.substring(1) : p;
            int dash = range.indexOf('-');
            int from = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
            int to = dash < 0 ? from : Integer.parseInt(range.substring(dash + 1));
            if (negate) {
                cpus.clear(from, to + 1);
            } else {
                cpus.set(from, to + 1);
            }
        }
        return cpus;
    }
}
