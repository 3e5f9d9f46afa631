package io.virtkit.api;

/** The host's hardware as {@code virNodeGetInfo} reports it; memory in KiB, frequency in MHz. */
public record NodeInfo(String cpuModel, long memoryKiB, int cpus, int mhz, int numaNodes, int sockets,
        int coresPerSocket, int threadsPerCore) {
}
