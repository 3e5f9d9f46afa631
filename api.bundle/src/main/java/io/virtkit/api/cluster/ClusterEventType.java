package io.virtkit.api.cluster;

/** What changed in the cluster. */
public enum ClusterEventType {
    /** A host joined (a new session: also a host back after a partition). */
    HOST_JOINED,
    /** A host's session ended (it stopped, died or was cut off long enough). */
    HOST_LEFT,
    /** A host's record changed (free memory, load, guests). */
    HOST_UPDATED,
    /** A domain appeared in, changed in or left the inventory. */
    DOMAIN_CHANGED,
    /** A cluster guest was defined or redefined. */
    GUEST_DEFINED,
    /** A cluster guest was undefined. */
    GUEST_UNDEFINED,
    /** A cluster guest's lease was taken: it runs (or is starting) on {@link ClusterEvent#host()}. */
    GUEST_STARTED,
    /** A cluster guest's lease was given up: it stopped on {@link ClusterEvent#host()}. */
    GUEST_STOPPED,
    /** This host stopped a guest because it lost its session (self-fencing). */
    GUEST_FENCED,
    /** An HA guest of a dead host was restarted on {@link ClusterEvent#host()}. */
    GUEST_RECOVERED,
    /** This host lost its connection to a quorum. */
    QUORUM_LOST,
    /** This host is connected to a quorum again. */
    QUORUM_REGAINED
}
