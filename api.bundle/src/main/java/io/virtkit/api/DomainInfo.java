package io.virtkit.api;

/**
 * What {@code virDomainGetInfo} reports: state, maximum and current memory in KiB, number of virtual
 * CPUs and the CPU time used, in nanoseconds.
 */
public record DomainInfo(DomainState state, long maxMemoryKiB, long memoryKiB, int vcpus, long cpuTimeNanos) {
}
