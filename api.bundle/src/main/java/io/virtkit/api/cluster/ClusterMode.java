package io.virtkit.api.cluster;

/** How this host reaches the ensemble. */
public enum ClusterMode {
    /** This host runs one of the ensemble's ZooKeeper peers itself (small clusters: 3 or 5 peers). */
    EMBEDDED,
    /** This host is a client of an ensemble run elsewhere (large clusters). */
    EXTERNAL
}
