package io.virtkit.cluster.internal.zk.records;

import java.util.List;

/** /hosts/&lt;uuid&gt;: a member as it describes itself; rewritten when a figure changes (at most every 2 s). */
public record HostRecord(String uuid, String hostname, String remoteUri, List<String> hypervisors, int cpus,
        long memoryKiB, long freeMemoryKiB, double load, int runningGuests, long joinedEpochMs) {
}
