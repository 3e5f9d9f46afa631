package io.virtkit.cluster.internal.zk.records;

/** /leases/&lt;name&gt;: the host owning a cluster guest, an ephemeral znode of that host's session. */
public record LeaseRecord(String host, String hostname, String guestUuid, long sinceEpochMs) {
}
