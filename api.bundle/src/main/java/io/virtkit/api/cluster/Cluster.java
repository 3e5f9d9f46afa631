package io.virtkit.api.cluster;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;

import io.virtkit.api.Registration;

/**
 * This host's view of its cluster. Reads ({@link #hosts()}, {@link #domains()}, {@link #guests()}) answer from the
 * local copy, which the cluster keeps current, also while the ensemble is unreachable (then it is the last known
 * state and {@link #status()} says so). Writes go to the ensemble and fail with a {@link io.virtkit.api.VirtException}
 * when it has no quorum: OPERATION_INVALID "Requested operation is not valid: cluster has no quorum: …"; running
 * guests are left as they are.
 */
@ProviderType
public interface Cluster {

    /** Whether this host is connected to a quorum of the ensemble, and in which mode it joined. */
    ClusterStatus status();

    /** The members now: every host whose session is alive, this one included (flagged {@link ClusterHost#self()}). */
    List<ClusterHost> hosts();

    /** The inventory: every domain of every member's inventoried connections, sorted by host name then domain name. */
    List<ClusterDomain> domains();

    /** Every cluster guest, sorted by name. */
    List<ClusterGuest> guests();

    /** The cluster guest of that name, if one is defined. */
    Optional<ClusterGuest> guest(String name);

    /**
     * Defines a cluster guest: the domain XML stored in the ensemble, runnable on any member offering the
     * connection {@code uri} (e.g. {@code qemu:///system}); its disks must be on storage every host sees.
     *
     * @throws io.virtkit.api.VirtException OPERATION_FAILED "operation failed: domain 'x' already exists with uuid …"
     *         when the name or UUID is taken; XML_ERROR for XML that is not a domain
     */
    ClusterGuest defineGuest(String uri, String xml, boolean ha);

    /**
     * Replaces a guest's definition and HA mark if it is still at {@code expectedVersion} (its
     * {@link ClusterGuest#version()}): of two hosts editing at once one wins, the other gets OPERATION_FAILED
     * "operation failed: cluster guest 'x' was changed by another host (version n, expected m)". A running guest
     * keeps running its old definition until its next start, as libvirt's persistent definition.
     */
    ClusterGuest updateGuest(String name, String xml, boolean ha, long expectedVersion);

    /** Removes a stopped cluster guest; a running one is refused with OPERATION_INVALID "domain is not in shutoff state". */
    void undefineGuest(String name);

    /** Starts a stopped guest on the host the placement policy chooses; returns that host. */
    ClusterHost startGuest(String name);

    /** Starts a stopped guest on the given member. */
    ClusterHost startGuest(String name, UUID host);

    /**
     * Stops a running guest wherever it runs (destroyed, or shut down when {@code graceful}, waiting for it up to
     * the configured bound); HA does not restart a guest stopped this way.
     */
    void stopGuest(String name, boolean graceful);

    /** Live-migrates a running guest to the host the placement policy chooses among the others; returns it. */
    ClusterHost migrateGuest(String name);

    /** Live-migrates a running guest to the given member (over the migration's TLS transport). */
    ClusterHost migrateGuest(String name, UUID host);

    /** Follows the cluster's changes; events arrive on a thread of the cluster's, in the order they were seen. */
    Registration addListener(ClusterListener listener);
}
