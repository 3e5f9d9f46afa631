package io.virtkit.cluster.internal.membership;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.Registration;
import io.virtkit.api.cluster.ClusterEventType;
import io.virtkit.api.cluster.ClusterHost;
import io.virtkit.cluster.internal.ClusterConfig;
import io.virtkit.cluster.internal.ClusterEventBus;
import io.virtkit.cluster.internal.guests.LocalLeases;
import io.virtkit.cluster.internal.membership.HostFigures.Figures;
import io.virtkit.cluster.internal.zk.ClusterSession;
import io.virtkit.cluster.internal.zk.ClusterSession.SessionChange;
import io.virtkit.cluster.internal.zk.ZkJson;
import io.virtkit.cluster.internal.zk.ZkPaths;
import io.virtkit.cluster.internal.zk.ZkResources;
import io.virtkit.cluster.internal.zk.records.HostRecord;

/**
 * This host as a member: its record at /hosts/&lt;uuid&gt; (EPHEMERAL, recreated by Curator's PersistentNode on a
 * new session, rewritten when a figure changed — checked every 2 s, or soon after {@link #refreshSelf()}), and the
 * members as a Curator cache of /hosts, whose changes become HOST_JOINED / HOST_UPDATED / HOST_LEFT events.
 */
@Component(service = MembershipView.class, immediate = true, configurationPid = "io.virtkit.cluster",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class Membership implements MembershipView {
    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);
    static final long CHECK_MS = 2000;

    private final ClusterSession session;
    private final ClusterEventBus events;
    private final String remoteUri;
    private final HostFigures figures;
    private final PersistentNode self;
    private final CuratorCache cache;
    private final Registration sessionFollower;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "virtkit-cluster-membership");
        t.setDaemon(true);
        return t;
    });
    private volatile long joinedEpochMs = System.currentTimeMillis();
    private volatile HostRecord current;
    private Figures written;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile LocalLeases leases;

    @Activate
    public Membership(ClusterConfig config, @Reference ClusterSession session, @Reference ClusterEventBus events,
            @Reference ConnectionFactory connections) {
        this.session = session;
        this.events = events;
        this.remoteUri = config.remoteUri().strip();
        List<String> uris = Arrays.stream(config.uris().split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .toList();
        this.figures = new HostFigures(connections, uris, config.guestMemoryKiB(), this::runningGuests);
        Figures first = figures.measure();
        this.current = record(first);
        this.written = first;
        this.self = new PersistentNode(session.curator(), CreateMode.EPHEMERAL, false, ZkPaths.host(session.hostUuid()),
                ZkJson.write(current));
        this.cache = CuratorCache.build(session.curator(), ZkPaths.HOSTS);
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forCreates(n -> hostEvent(ClusterEventType.HOST_JOINED, n))
                .forChanges((before, after) -> hostEvent(ClusterEventType.HOST_UPDATED, after))
                .forDeletes(n -> hostEvent(ClusterEventType.HOST_LEFT, n))
                .afterInitialized().build());
        this.sessionFollower = session.onChange(this::sessionChanged);
        timer.execute(this::startOnceConnected);
        timer.scheduleWithFixedDelay(this::check, CHECK_MS, CHECK_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts the record and the cache on the membership's thread once a quorum answers: their first call creates
     * the cluster's root znode, in the caller's thread, which a host alone must not block on.
     */
    private void startOnceConnected() {
        try {
            while (!session.hasQuorum() && !session.curator().blockUntilConnected(1, TimeUnit.SECONDS)) {
                // the ensemble is unreachable: this host runs alone meanwhile
            }
            self.start();
            cache.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("cluster: joining failed, trying again: {}", e.toString());
            timer.schedule(this::startOnceConnected, CHECK_MS, TimeUnit.MILLISECONDS);
        }
    }

    private int runningGuests() {
        LocalLeases l = leases;
        return l == null ? 0 : l.held().size();
    }

    private HostRecord record(Figures f) {
        return new HostRecord(session.hostUuid().toString(), session.hostname(), remoteUri, f.hypervisors(), f.cpus(),
                f.memoryKiB(), f.freeMemoryKiB(), f.load(), f.runningGuests(), joinedEpochMs);
    }

    private void sessionChanged(SessionChange change) {
        if (change == SessionChange.NEW_SESSION || change == SessionChange.CONNECTED) {
            // a new session is a new joining: the record says since when
            joinedEpochMs = System.currentTimeMillis();
            timer.execute(() -> write(figures.measure(), true));
        }
    }

    /** Every 2 s: rewrites the record when a figure changed. */
    private void check() {
        try {
            write(figures.measure(), false);
        } catch (RuntimeException e) {
            LOG.warn("cluster: measuring this host failed", e);
        }
    }

    private synchronized void write(Figures now, boolean always) {
        if (!always && now.equals(written)) {
            return;
        }
        HostRecord record = record(now);
        current = record;
        try {
            self.setData(ZkJson.write(record));
            written = now;
        } catch (Exception e) {
            // not created yet (no quorum so far): the next check writes it; PersistentNode creates it with these data
            LOG.debug("cluster: host record not written yet: {}", e.toString());
        }
    }

    private void hostEvent(ClusterEventType type, ChildData node) {
        if (node.getPath().equals(ZkPaths.HOSTS)) {
            return;
        }
        String name = node.getPath().substring(ZkPaths.HOSTS.length() + 1);
        UUID uuid;
        try {
            uuid = UUID.fromString(name);
        } catch (IllegalArgumentException e) {
            return;
        }
        String detail = host(node).map(ClusterHost::hostname).orElse("");
        events.publish(type, uuid, null, detail);
    }

    @Override
    public List<ClusterHost> hosts() {
        List<ClusterHost> hosts = new ArrayList<>();
        cache.stream().filter(n -> !n.getPath().equals(ZkPaths.HOSTS)).map(this::host).flatMap(Optional::stream)
                .forEach(hosts::add);
        if (hosts.stream().noneMatch(ClusterHost::self)) {
            // alone (no quorum) or not yet written: this host is still a member as far as it knows
            hosts.add(toHost(current));
        }
        hosts.sort(Comparator.comparing(ClusterHost::hostname).thenComparing(ClusterHost::uuid));
        return hosts;
    }

    @Override
    public Optional<ClusterHost> host(UUID uuid) {
        return hosts().stream().filter(h -> h.uuid().equals(uuid)).findFirst();
    }

    @Override
    public void refreshSelf() {
        timer.execute(this::check);
    }

    @Override
    public void publishSelfNow() {
        check();
    }

    @Override
    public List<ClusterHost> hostsNow() {
        if (!session.hasQuorum()) {
            return hosts();
        }
        try {
            List<ClusterHost> hosts = new ArrayList<>();
            for (String child : session.curator().getChildren().forPath(ZkPaths.HOSTS)) {
                try {
                    byte[] data = session.curator().getData().forPath(ZkPaths.HOSTS + "/" + child);
                    host(new ChildData(ZkPaths.HOSTS + "/" + child, null, data)).ifPresent(hosts::add);
                } catch (KeeperException.NoNodeException e) {
                    // left between the listing and the read
                }
            }
            if (hosts.stream().noneMatch(ClusterHost::self)) {
                hosts.add(toHost(current));
            }
            hosts.sort(Comparator.comparing(ClusterHost::hostname).thenComparing(ClusterHost::uuid));
            return hosts;
        } catch (Exception e) {
            LOG.debug("cluster: reading the members failed, using the cached view: {}", e.toString());
            return hosts();
        }
    }

    private Optional<ClusterHost> host(ChildData node) {
        byte[] data = node.getData();
        if (data == null || data.length == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(toHost(ZkJson.read(data, HostRecord.class)));
        } catch (RuntimeException e) {
            LOG.warn("cluster: unreadable host record {}: {}", node.getPath(), e.toString());
            return Optional.empty();
        }
    }

    private ClusterHost toHost(HostRecord r) {
        UUID uuid = UUID.fromString(r.uuid());
        return new ClusterHost(uuid, r.hostname(), r.remoteUri() == null ? "" : r.remoteUri(),
                r.hypervisors() == null ? List.of() : r.hypervisors(), r.cpus(), r.memoryKiB(), r.freeMemoryKiB(),
                r.load(), r.runningGuests(), Instant.ofEpochMilli(r.joinedEpochMs()), uuid.equals(session.hostUuid()));
    }

    @Deactivate
    public void close() {
        sessionFollower.close();
        timer.shutdownNow();
        ZkResources.close(session, "host record", cache, self);
        figures.close();
    }
}
