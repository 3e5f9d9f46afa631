package io.virtkit.cluster.internal.inventory;

import java.util.List;
import java.util.UUID;

import io.virtkit.api.cluster.ClusterDomain;

/**
 * The inventory as this host last saw it (a Curator cache of /inventory), kept current from every member's
 * records; this host's own record is written by {@code InventoryPublisher} from its connections' domain events.
 * Registered as a service by the inventory component.
 */
public interface InventoryView {

    /** Every domain of every member, sorted by host name then domain name. */
    List<ClusterDomain> domains();

    /** The domains one member reports. */
    List<ClusterDomain> domainsOn(UUID host);

    /**
     * Marks a domain UUID as a cluster guest's (the agent does so before starting it), so this host's record
     * says clusterGuest=true for it; {@link #unmarkClusterGuest} after it stopped.
     */
    void markClusterGuest(UUID domain);

    void unmarkClusterGuest(UUID domain);
}
