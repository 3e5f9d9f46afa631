package io.virtkit.cluster.internal.zk;

import java.util.UUID;

/**
 * The cluster's znodes, relative to its root path (the Curator client is namespaced). Payloads are JSON
 * ({@link ZkJson}) of the records in {@code io.virtkit.cluster.internal.zk.records}.
 * <pre>
 * /hosts/&lt;hostUuid&gt;                 EPHEMERAL   HostRecord: a member, written by itself
 * /inventory/&lt;hostUuid&gt;             EPHEMERAL   InventoryRecord: every domain of that host's inventoried connections
 * /guests/&lt;name&gt;                    PERSISTENT  GuestRecord: a cluster guest's definition; znode version = its version
 * /leases/&lt;name&gt;                    EPHEMERAL   LeaseRecord: the owner of a cluster guest (of the owner's session)
 * /requests/&lt;hostUuid&gt;/req-NNNNNNNNNN PERSISTENT_SEQUENTIAL  RequestRecord: work for a host; it writes the result back
 * /leader                            Curator LeaderLatch: the host running HA recovery
 * /locks/&lt;name&gt;                     Curator InterProcessMutex: one cluster operation per guest at a time
 * </pre>
 */
public final class ZkPaths {
    public static final String HOSTS = "/hosts";
    public static final String INVENTORY = "/inventory";
    public static final String GUESTS = "/guests";
    public static final String LEASES = "/leases";
    public static final String REQUESTS = "/requests";
    public static final String LEADER = "/leader";
    public static final String LOCKS = "/locks";

    private ZkPaths() {
    }

    public static String host(UUID host) {
        return HOSTS + "/" + host;
    }

    public static String inventory(UUID host) {
        return INVENTORY + "/" + host;
    }

    public static String guest(String name) {
        return GUESTS + "/" + name;
    }

    public static String lease(String name) {
        return LEASES + "/" + name;
    }

    public static String requests(UUID host) {
        return REQUESTS + "/" + host;
    }

    public static String lock(String name) {
        return LOCKS + "/" + name;
    }
}
