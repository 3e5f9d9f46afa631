package io.virtkit.model.domain;

import java.util.List;

/**
 * The vCPU settings beside the count and placement ({@link DomainDefinition#vcpus()},
 * {@link DomainDefinition#vcpuPlacement()}): {@code <vcpu current cpuset>} and the per-vCPU {@code <vcpus>}.
 *
 * @param current the vCPUs online at start, or {@code null} for all
 * @param cpuset  the host CPUs the vCPUs may run on, or {@code null}
 * @param vcpus   the {@code <vcpus><vcpu>} entries in document order
 */
public record DomainVcpus(Integer current, String cpuset, List<Vcpu> vcpus) {

    public DomainVcpus {
        if (current != null && current < 1) {
            throw DomainValues.invalid("current", "vcpu", current.toString());
        }
        vcpus = DomainValues.list(vcpus);
    }

    /** Whether nothing is given. */
    public boolean isEmpty() {
        return current == null && cpuset == null && vcpus.isEmpty();
    }

    /** One {@code <vcpus><vcpu>}: whether it is online at start, hot-pluggable, and its plug order. */
    public record Vcpu(int id, boolean enabled, Boolean hotpluggable, Integer order) {
        public Vcpu {
            DomainValues.nonNegative(id, "id", "vcpu");
            DomainValues.nonNegative(order, "order", "vcpu");
        }
    }
}
