package io.virtkit.cluster.internal.ha;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.zookeeper.KeeperException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.virtkit.api.Registration;
import io.virtkit.cluster.internal.ClusterConfig;
import io.virtkit.cluster.internal.ClusterEventBus;
import io.virtkit.cluster.internal.guests.Placement;
import io.virtkit.cluster.internal.guests.RequestClient;
import io.virtkit.cluster.internal.inventory.InventoryView;
import io.virtkit.cluster.internal.zk.ClusterSession;
import io.virtkit.cluster.internal.zk.ClusterSession.SessionChange;
import io.virtkit.cluster.internal.zk.ZkJson;
import io.virtkit.cluster.internal.zk.ZkPaths;
import io.virtkit.cluster.internal.zk.records.GuestRecord;

/**
 * HA recovery: one host of the cluster, elected with a Curator LeaderLatch on /leader, restarts the HA guests that
 * should run and have no owner. Every second the leader reads /guests and /leases; a guest seen without lease at
 * every look for haRestartMarginMs (counted from the leader's own first look, so never from before its election)
 * is restarted by {@link GuestRestart} on the host placement chooses. By the package's timing argument its old
 * host fenced it before its lease could vanish, so it runs nowhere when it is restarted.
 *
 * <p>Leadership ends at once on SUSPENDED or LOST (the session's own report, before LeaderLatch's), and every
 * action checks it is still the same term of leadership with a quorum: a leader cut off stops acting before its
 * session can expire and another host be elected.
 */
@Component(service = {}, immediate = true, configurationPid = "io.virtkit.cluster")
public final class HaRecovery {
    private static final System.Logger LOG = System.getLogger(HaRecovery.class.getName());
    static final Duration PERIOD = Duration.ofSeconds(1);
    /** Restarts run in parallel (a dead host's guests all at once), a few at a time. */
    private static final int RESTARTS_AT_ONCE = 4;

    private final ClusterSession session;
    private final GuestRestart restart;
    private final OwnerlessGuests ownerless;
    private final LeaderLatch latch;
    private final Registration sessionChanges;
    private final ScheduledExecutorService rounds = Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "virtkit-cluster-ha"));
    private final ExecutorService restarts = Executors.newFixedThreadPool(RESTARTS_AT_ONCE, new java.util.concurrent.ThreadFactory() {
        private final AtomicInteger n = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            return daemon(r, "virtkit-cluster-ha-restart-" + n.incrementAndGet());
        }
    });
    private final Set<String> restarting = ConcurrentHashMap.newKeySet();
    /** Grows at each election and each loss of leadership; an action of an older term is not taken. */
    private final AtomicLong term = new AtomicLong();
    private volatile boolean leading;
    private volatile long electedAtNanos;
    private final AtomicLong roundsLed = new AtomicLong();

    @Activate
    public HaRecovery(ClusterConfig config, @Reference ClusterSession session, @Reference Placement placement,
            @Reference RequestClient requests, @Reference InventoryView inventory, @Reference ClusterEventBus events)
            throws Exception {
        this(session, placement, requests, inventory, events, Duration.ofMillis(config.haRestartMarginMs()),
                Duration.ofSeconds(config.operationTimeoutSeconds()));
    }

    HaRecovery(ClusterSession session, Placement placement, RequestClient requests, InventoryView inventory,
            ClusterEventBus events, Duration margin, Duration operationTimeout) throws Exception {
        this.session = session;
        this.ownerless = new OwnerlessGuests(margin.toNanos());
        this.restart = new GuestRestart(session, placement, requests, inventory, events, operationTimeout);
        this.sessionChanges = session.onChange(change -> {
            if (change == SessionChange.SUSPENDED || change == SessionChange.LOST) {
                deposed("the session is " + change.name().toLowerCase());
            }
        });
        this.latch = new LeaderLatch(session.curator(), ZkPaths.LEADER, session.hostUuid().toString());
        latch.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                elected();
            }

            @Override
            public void notLeader() {
                deposed("lost the election");
            }
        }, rounds); // elections and rounds on one thread: a round never straddles an election
        latch.start();
        rounds.scheduleWithFixedDelay(this::round, PERIOD.toMillis(), PERIOD.toMillis(), MILLISECONDS);
    }

    @Deactivate
    public void close() throws InterruptedException {
        deposed("stopping");
        sessionChanges.close();
        rounds.shutdownNow();
        restarts.shutdownNow();
        try {
            latch.close(LeaderLatch.CloseMode.SILENT);
        } catch (IOException | IllegalStateException e) {
            // not started, or already closed: nothing to give up
        }
        rounds.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Whether this host leads HA recovery now (with a quorum). */
    boolean leading() {
        return leading && latch.hasLeadership() && session.hasQuorum();
    }

    /** {@link System#nanoTime()} of this host's last election, for tests and logs. */
    long electedAtNanos() {
        return electedAtNanos;
    }

    /** How many rounds this host has run as leader (each read /guests and /leases and acted on what was due). */
    long roundsLed() {
        return roundsLed.get();
    }

    private void elected() {
        ownerless.clear();
        electedAtNanos = System.nanoTime();
        term.incrementAndGet();
        leading = true;
        LOG.log(Level.INFO, "HA recovery: {0} leads; guests without owner are restarted after {1,number,#} ms counted from now",
                session.hostname(), NANOSECONDS.toMillis(ownerless.marginNanos()));
    }

    private void deposed(String why) {
        boolean was = leading;
        leading = false;
        term.incrementAndGet();
        if (was) {
            LOG.log(Level.INFO, "HA recovery: {0} no longer leads ({1})", session.hostname(), why);
        }
    }

    private void round() {
        long myTerm = term.get();
        if (!leading()) {
            return;
        }
        try {
            CuratorFramework zk = session.curator();
            Map<String, GuestRecord> wanted = wantedHaGuests(zk);
            Set<String> leased = new HashSet<>(children(zk, ZkPaths.LEASES));
            if (term.get() != myTerm || !leading()) {
                return;
            }
            List<String> due = ownerless.look(wanted.keySet(), leased, System.nanoTime());
            Set<String> withoutOwner = new HashSet<>(wanted.keySet());
            withoutOwner.removeAll(leased);
            restart.forgetAllBut(withoutOwner);
            for (String name : due) {
                if (restarting.add(name)) {
                    long since = ownerless.since(name).orElse(System.nanoTime());
                    restarts.execute(() -> {
                        try {
                            restart.restart(name, since, () -> term.get() == myTerm && leading());
                        } finally {
                            restarting.remove(name);
                        }
                    });
                }
            }
            roundsLed.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.log(Level.INFO, "HA recovery: reading guests and leases failed ({0}); trying again next round",
                    e.toString());
        }
    }

    /** The guests marked HA and wanted running, by name. */
    private static Map<String, GuestRecord> wantedHaGuests(CuratorFramework zk) throws Exception {
        Map<String, GuestRecord> wanted = new LinkedHashMap<>();
        for (String name : children(zk, ZkPaths.GUESTS)) {
            try {
                GuestRecord g = ZkJson.read(zk.getData().forPath(ZkPaths.guest(name)), GuestRecord.class);
                if (g.ha() && g.wantedRunning()) {
                    wanted.put(name, g);
                }
            } catch (KeeperException.NoNodeException e) {
                // undefined meanwhile
            }
        }
        return wanted;
    }

    private static List<String> children(CuratorFramework zk, String path) throws Exception {
        try {
            return zk.getChildren().forPath(path);
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        }
    }

    private static Thread daemon(Runnable body, String name) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }
}
