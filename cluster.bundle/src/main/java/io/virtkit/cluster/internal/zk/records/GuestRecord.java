package io.virtkit.cluster.internal.zk.records;

/** /guests/&lt;name&gt;: a cluster guest's definition; its znode's version is the guest's version. */
public record GuestRecord(String name, String uuid, String uri, String xml, boolean ha, boolean wantedRunning) {
}
