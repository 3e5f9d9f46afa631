package io.virtkit.cluster.internal.ha;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.apache.zookeeper.KeeperException;

import io.virtkit.api.cluster.ClusterHost;
import io.virtkit.cluster.internal.membership.MembershipView;
import io.virtkit.cluster.internal.zk.ClusterSession;
import io.virtkit.cluster.internal.zk.ZkJson;
import io.virtkit.cluster.internal.zk.ZkPaths;
import io.virtkit.cluster.internal.zk.records.HostRecord;

/**
 * The membership view as far as placement needs it, read from /hosts through a host's session each time (the
 * members' records are written by {@link SimulatedHost}).
 */
final class ZkMembers implements MembershipView {
    private final ClusterSession session;

    ZkMembers(ClusterSession session) {
        this.session = session;
    }

    @Override
    public List<ClusterHost> hosts() {
        List<ClusterHost> all = new ArrayList<>();
        try {
            for (String child : session.curator().getChildren().forPath(ZkPaths.HOSTS)) {
                try {
                    HostRecord r = ZkJson.read(session.curator().getData().forPath(ZkPaths.HOSTS + "/" + child),
                            HostRecord.class);
                    all.add(new ClusterHost(UUID.fromString(r.uuid()), r.hostname(), r.remoteUri(), r.hypervisors(),
                            r.cpus(), r.memoryKiB(), r.freeMemoryKiB(), r.load(), r.runningGuests(),
                            Instant.ofEpochMilli(r.joinedEpochMs()), r.uuid().equals(session.hostUuid().toString())));
                } catch (KeeperException.NoNodeException e) {
                    // left meanwhile
                }
            }
        } catch (Exception e) {
            throw session.noQuorum("members: " + e);
        }
        all.sort(Comparator.comparing(ClusterHost::hostname));
        return all;
    }

    @Override
    public Optional<ClusterHost> host(UUID uuid) {
        return hosts().stream().filter(h -> h.uuid().equals(uuid)).findFirst();
    }

    @Override
    public void refreshSelf() {
    }

    @Override
    public void publishSelfNow() {
    }

    @Override
    public List<ClusterHost> hostsNow() {
        return hosts();
    }
}
