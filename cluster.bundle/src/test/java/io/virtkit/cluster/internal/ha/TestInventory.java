package io.virtkit.cluster.internal.ha;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.virtkit.api.Domain;
import io.virtkit.api.VirtException;
import io.virtkit.api.cluster.ClusterDomain;
import io.virtkit.cluster.internal.inventory.InventoryView;
import io.virtkit.cluster.internal.zk.ClusterSession;
import io.virtkit.cluster.internal.zk.ZkPaths;

/**
 * The inventory component's view as far as HA relies on it: the domains of every live member (its /hosts znode
 * exists, as the reader's session sees it now: a member's inventory znode is ephemeral too), read from that
 * member's hypervisor directly.
 */
final class TestInventory implements InventoryView {
    private final ClusterSession reader;
    private final Map<UUID, SimulatedHost> hosts;

    TestInventory(ClusterSession reader, Map<UUID, SimulatedHost> hosts) {
        this.reader = reader;
        this.hosts = hosts;
    }

    @Override
    public List<ClusterDomain> domains() {
        List<ClusterDomain> all = new ArrayList<>();
        try {
            for (String member : reader.curator().getChildren().forPath(ZkPaths.HOSTS)) {
                all.addAll(domainsOn(UUID.fromString(member)));
            }
        } catch (Exception e) {
            throw reader.noQuorum("inventory: " + e);
        }
        all.sort(Comparator.comparing(ClusterDomain::hostname).thenComparing(ClusterDomain::name));
        return all;
    }

    @Override
    public List<ClusterDomain> domainsOn(UUID host) {
        SimulatedHost h = hosts.get(host);
        List<ClusterDomain> on = new ArrayList<>();
        if (h == null || h.dead()) {
            return on;
        }
        for (Domain d : h.connection.listAllDomains()) {
            try {
                on.add(new ClusterDomain(host, h.name, SimulatedHost.URI, d.name(), d.uuid(), d.state().state(),
                        d.isPersistent(), false));
            } catch (VirtException e) {
                // gone meanwhile
            }
        }
        return on;
    }

    @Override
    public void markClusterGuest(UUID domain) {
    }

    @Override
    public void unmarkClusterGuest(UUID domain) {
    }
}
