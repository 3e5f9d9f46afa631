package io.virtkit.cluster.internal.zk.records;

import java.util.List;

/** /inventory/&lt;hostUuid&gt;: every domain of one host's inventoried connections; {@code serial} grows with each write. */
public record InventoryRecord(String host, String hostname, long serial, List<Entry> domains) {

    /** One domain: state is libvirt's virDomainState number; clusterGuest whether it runs a cluster guest. */
    public record Entry(String uri, String name, String uuid, int state, boolean persistent, boolean clusterGuest) {
    }
}
