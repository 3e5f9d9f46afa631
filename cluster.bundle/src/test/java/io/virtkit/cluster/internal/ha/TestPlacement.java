package io.virtkit.cluster.internal.ha;

import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.cluster.ClusterGuest;
import io.virtkit.api.cluster.ClusterHost;
import io.virtkit.cluster.internal.guests.Placement;
import io.virtkit.cluster.internal.zk.ClusterSession;
import io.virtkit.cluster.internal.zk.ZkPaths;

/**
 * The guests component's placement as far as HA relies on it: a live member (its /hosts znode exists, as the
 * chooser's session reads it now), not excluded, the first by name.
 */
final class TestPlacement implements Placement {
    private final ClusterSession reader;
    private final Map<UUID, SimulatedHost> hosts;

    TestPlacement(ClusterSession reader, Map<UUID, SimulatedHost> hosts) {
        this.reader = reader;
        this.hosts = hosts;
    }

    @Override
    public ClusterHost choose(ClusterGuest guest, Set<UUID> excluded) {
        try {
            return reader.curator().getChildren().forPath(ZkPaths.HOSTS).stream().map(UUID::fromString)
                    .filter(u -> !excluded.contains(u)).map(hosts::get).filter(h -> h != null)
                    .min(Comparator.comparing(h -> h.name)).map(SimulatedHost::asClusterHost)
                    .orElseThrow(() -> new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.NONE,
                            "no host can run guest '" + guest.name() + "': no member offers " + guest.uri()));
        } catch (VirtException e) {
            throw e;
        } catch (Exception e) {
            throw reader.noQuorum("placement: " + e);
        }
    }
}
