package io.virtkit.qemu.internal.caps;

import java.util.ArrayList;
import java.util.List;

/**
 * The capabilities XML of qemu:/// ({@code virConnectGetCapabilities}): the host's architecture and one
 * {@code <guest>} per architecture the driver runs (x86_64, and i686 on the same emulator), each with the
 * emulator's machine types as libvirt lists them (the default first, an alias right after its machine with
 * {@code canonical}, {@code maxCpus}, {@code deprecated}), and the domain types that can run: qemu (TCG)
 * always, kvm only when the KVM probe passed, since tools such as virt-install take the best type offered
 * here and a type='kvm' guest would then fail to start.
 */
final class HostCapabilitiesXml {

    private HostCapabilitiesXml() {
    }

    /**
     * @param emulator  the driver's emulator
     * @param facts     its probed facts, or null when it could not be probed (the guests then list no machine)
     * @param kvmUsable the KVM probe's verdict
     * @param hostUuid  this host's UUID (the migration cookie's), or null
     */
    static String write(String emulator, EmulatorFacts facts, boolean kvmUsable, java.util.UUID hostUuid) {
        StringBuilder out = new StringBuilder();
        out.append("<capabilities>\n\n  <host>\n");
        if (hostUuid != null) {
            out.append("    <uuid>").append(hostUuid).append("</uuid>\n");
        }
        out.append("""
                    <cpu>
                      <arch>x86_64</arch>
                    </cpu>
                  </host>

                """);
        String binaryArch = facts == null ? "x86_64" : DomainCapabilitiesQuery.libvirtArch(facts.targetArch());
        List<String> arches = binaryArch.equals("x86_64") ? List.of("i686", "x86_64") : List.of(binaryArch);
        for (String arch : arches) {
            out.append("  <guest>\n    <os_type>hvm</os_type>\n");
            out.append("    <arch name='").append(arch).append("'>\n");
            out.append("      <wordsize>").append(arch.equals("x86_64") ? 64 : 32).append("</wordsize>\n");
            out.append("      <emulator>").append(DomainCapabilitiesXml.text(emulator)).append("</emulator>\n");
            if (facts != null) {
                for (EmulatorFacts.Machine m : defaultFirst(facts.machines())) {
                    machine(out, m, m.name(), null);
                    if (m.alias() != null) {
                        machine(out, m, m.alias(), m.name());
                    }
                }
            }
            out.append("      <domain type='qemu'/>\n");
            if (kvmUsable) {
                out.append("      <domain type='kvm'/>\n");
            }
            out.append("    </arch>\n    <features>\n");
            if (arch.equals("i686")) {
                out.append("      <pae/>\n      <nonpae/>\n");
            }
            // the driver turns ACPI off when <acpi/> is absent; the APIC is always there
            out.append("      <acpi default='on' toggle='yes'/>\n      <apic default='on' toggle='no'/>\n");
            out.append("    </features>\n  </guest>\n\n");
        }
        return out.append("</capabilities>\n").toString();
    }

    private static void machine(StringBuilder out, EmulatorFacts.Machine m, String name, String canonical) {
        out.append("      <machine");
        if (canonical != null) {
            out.append(" canonical='").append(DomainCapabilitiesXml.text(canonical)).append('\'');
        }
        out.append(" maxCpus='").append(m.cpuMax()).append('\'');
        if (m.deprecated()) {
            out.append(" deprecated='yes'");
        }
        out.append('>').append(DomainCapabilitiesXml.text(name)).append("</machine>\n");
    }

    private static List<EmulatorFacts.Machine> defaultFirst(List<EmulatorFacts.Machine> machines) {
        List<EmulatorFacts.Machine> ordered = new ArrayList<>();
        machines.stream().filter(EmulatorFacts.Machine::isDefault).forEach(ordered::add);
        machines.stream().filter(m -> !m.isDefault()).forEach(ordered::add);
        return ordered;
    }
}
