package io.virtkit.qemu.internal.caps;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one QEMU binary said about itself over QMP (libvirt's per-binary QEMU capabilities): its target, its
 * machine types, its CPU models as usable under the accelerator it was probed with, and the QOM types and
 * QMP commands it has.
 *
 * @param binary     the emulator's path
 * @param targetArch QEMU's name of the architecture it emulates ({@code query-target}: "x86_64", "i386")
 * @param version    its version, libvirt-encoded (major * 1,000,000 + minor * 1,000 + micro)
 * @param accel      the accelerator the CPU models were checked against ("tcg" or "kvm")
 * @param machines   its machine types ({@code query-machines}), in QEMU's order
 * @param cpuModels  its CPU models ({@code query-cpu-definitions}), in QEMU's order
 * @param types      the QOM types it has ({@code qom-list-types}): devices, backends, machines
 * @param commands   the QMP commands it has ({@code query-commands})
 */
public record EmulatorFacts(String binary, String targetArch, long version, String accel, List<Machine> machines,
        List<CpuModel> cpuModels, Set<String> types, Set<String> commands) {

    public EmulatorFacts {
        machines = List.copyOf(machines);
        cpuModels = List.copyOf(cpuModels);
        types = Set.copyOf(types);
        commands = Set.copyOf(commands);
    }

    /**
     * One machine type.
     *
     * @param name       its versioned name ("pc-i440fx-7.2")
     * @param alias      the alias standing for it ("pc"), or null
     * @param isDefault  whether QEMU runs it without {@code -machine}
     * @param cpuMax     the most vCPUs it takes
     * @param deprecated whether QEMU marks it deprecated
     */
    public record Machine(String name, String alias, boolean isDefault, int cpuMax, boolean deprecated) {
    }

    /**
     * One CPU model.
     *
     * @param name       its name ("Skylake-Client")
     * @param usable     whether it runs under the probed accelerator (QEMU names no unavailable feature)
     * @param deprecated whether QEMU marks it deprecated
     * @param vendor     the CPU vendor it presents ("Intel", "AMD", "Hygon"), or "unknown"
     */
    public record CpuModel(String name, boolean usable, boolean deprecated, String vendor) {
    }

    /** The machine named {@code nameOrAlias} (an alias finds the machine it stands for). */
    public Optional<Machine> machine(String nameOrAlias) {
        return machines.stream().filter(m -> m.name().equals(nameOrAlias) || nameOrAlias.equals(m.alias()))
                .findFirst();
    }

    /** The machine QEMU runs without {@code -machine}, if it has one. */
    public Optional<Machine> defaultMachine() {
        return machines.stream().filter(Machine::isDefault).findFirst();
    }

    public boolean hasType(String type) {
        return types.contains(type);
    }
}
