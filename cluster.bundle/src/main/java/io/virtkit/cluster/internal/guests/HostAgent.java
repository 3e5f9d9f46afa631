package io.virtkit.cluster.internal.guests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.Registration;
import io.virtkit.api.VirtException;
import io.virtkit.cluster.internal.ClusterConfig;
import io.virtkit.cluster.internal.inventory.InventoryView;
import io.virtkit.cluster.internal.membership.MembershipView;
import io.virtkit.cluster.internal.zk.ClusterSession;
import io.virtkit.cluster.internal.zk.ClusterSession.SessionChange;
import io.virtkit.cluster.internal.zk.ZkJson;
import io.virtkit.cluster.internal.zk.ZkPaths;
import io.virtkit.cluster.internal.zk.records.RequestRecord;

/**
 * This host's agent: runs the requests other hosts (and this one) write into /requests/&lt;self&gt;, in the order
 * they came and one at a time per guest, and writes each result back into its znode; deletes finished requests
 * nobody collected within a minute. The leases it holds and the guests it runs are kept by {@link HostLeases}.
 */
@Component(service = LocalLeases.class, configurationPid = "io.virtkit.cluster")
public final class HostAgent implements LocalLeases {
    private static final Logger LOG = LoggerFactory.getLogger(HostAgent.class);
    private static final long STALE_MS = 60_000;
    private static final long SCAN_MS = 2_000;

    private final ClusterSession session;
    private final HostLeases leases;
    private final ExecutorService work = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "virtkit-cluster-agent");
        t.setDaemon(true);
        return t;
    });
    /** The last task queued per guest: a guest's tasks run one after another. */
    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
    /** Requests handed to a task (until their znode is gone), so none runs twice. */
    private final Set<String> dispatched = ConcurrentHashMap.newKeySet();
    private final Semaphore wake = new Semaphore(0);
    private final Thread loop;
    private final Registration sessionChanges;
    private volatile boolean running = true;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile InventoryView inventory;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile MembershipView membership;

    @Activate
    public HostAgent(ClusterConfig config, @Reference ClusterSession session, @Reference ConnectionFactory factory) {
        this(session, factory, Duration.ofSeconds(config.operationTimeoutSeconds()), null, null);
    }

    HostAgent(ClusterSession session, ConnectionFactory factory, Duration operationTimeout, InventoryView inventory,
            MembershipView membership) {
        this.session = session;
        this.inventory = inventory;
        this.membership = membership;
        this.leases = new HostLeases(session, factory, new ZkRequestClient(session), operationTimeout, this::serial,
                () -> this.inventory, () -> this.membership);
        this.sessionChanges = session.onChange(this::sessionChanged);
        this.loop = new Thread(this::loop, "virtkit-cluster-requests");
        loop.setDaemon(true);
        loop.start();
    }

    @Override
    public List<Held> held() {
        return leases.held();
    }

    @Override
    public void fenced(List<Held> stopped) {
        leases.fenced(stopped);
    }

    /** Runs {@code task} after every task queued before for {@code guest}. */
    private void serial(String guest, Runnable task) {
        List<CompletableFuture<Void>> queued = new ArrayList<>(1);
        tails.compute(guest, (g, tail) -> {
            CompletableFuture<Void> next = (tail == null ? CompletableFuture.<Void>completedFuture(null) : tail)
                    .thenRunAsync(() -> {
                        try {
                            task.run();
                        } catch (RuntimeException e) {
                            LOG.warn("cluster guest '{}': {}", g, e.getMessage(), e);
                        }
                    }, work);
            queued.add(next);
            return next;
        });
        CompletableFuture<Void> next = queued.get(0);
        next.whenComplete((v, e) -> tails.remove(guest, next)); // the last task done: nothing kept for the guest
    }

    /** Package-private: tests stand in for a session able to tell a new session (TestSessions cannot). */
    void sessionChanged(SessionChange change) {
        switch (change) {
            case RECONNECTED -> work.execute(leases::flushPendingReleases);
            case NEW_SESSION -> work.execute(leases::retakeAfterNewSession);
            default -> {
                // nothing to do: the loop waits for the quorum
            }
        }
        wake.release();
    }

    private void loop() {
        long lastCheck = 0;
        boolean recovered = false;
        while (running) {
            try {
                if (session.hasQuorum()) {
                    if (!recovered) {
                        leases.recoverHeld();
                        recovered = true;
                    }
                    scan();
                    leases.retryRetakes();
                    if (System.currentTimeMillis() - lastCheck > 5_000) {
                        lastCheck = System.currentTimeMillis();
                        leases.releaseStopped();
                    }
                }
            } catch (RuntimeException e) {
                if (running) {
                    LOG.debug("cluster requests: {}", e.getMessage(), e);
                }
            }
            try {
                wake.tryAcquire(SCAN_MS, TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void scan() {
        String dir = ZkPaths.requests(session.hostUuid());
        CuratorWatcher watcher = e -> wake.release();
        List<String> children = ZkCalls.call(session, "cannot read requests", () -> {
            try {
                session.curator().create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT).forPath(dir);
            } catch (KeeperException.NodeExistsException e) {
                // as expected after the first time
            }
            return new ArrayList<>(session.curator().getChildren().usingWatcher(watcher).forPath(dir));
        });
        children.sort(null);
        dispatched.retainAll(children.stream().map(c -> dir + "/" + c).toList());
        for (String child : children) {
            String path = dir + "/" + child;
            if (dispatched.contains(path)) {
                continue;
            }
            Stat stat = new Stat();
            RequestRecord request = ZkCalls.call(session, "cannot read request", () -> {
                try {
                    return ZkJson.read(session.curator().getData().storingStatIn(stat).forPath(path),
                            RequestRecord.class);
                } catch (KeeperException.NoNodeException e) {
                    return null;
                }
            });
            if (request == null) {
                continue;
            }
            if (ZkRequestClient.PENDING.equals(request.status())) {
                dispatched.add(path);
                serial(request.guest(), () -> run(path, request));
            } else if (System.currentTimeMillis() - stat.getMtime() > STALE_MS) {
                ZkCalls.call(session, "cannot delete request", () -> {
                    session.curator().delete().quietly().forPath(path);
                    return null;
                });
            }
        }
    }

    private void run(String path, RequestRecord request) {
        RequestRecord answer;
        try {
            String result = switch (request.op()) {
                case RequestClient.START -> leases.start(request.guest());
                case RequestClient.STOP -> leases.stop(request.guest(),
                        Boolean.parseBoolean(request.args().getOrDefault("graceful", "false")));
                case RequestClient.MIGRATE -> leases.migrate(request.guest(), request.args().get("target"));
                case RequestClient.ADOPT -> leases.adopt(request.guest(), request.args().get("source"),
                        Integer.parseInt(request.args().getOrDefault("leaseVersion", "0")));
                default -> throw new VirtException(ErrorCode.ARGUMENT_UNSUPPORTED, ErrorDomain.NONE,
                        "unknown cluster request '" + request.op() + "'");
            };
            MembershipView m = membership;
            if (m != null && !RequestClient.MIGRATE.equals(request.op())) {
                // the requester may place the next guest as soon as it reads this answer: our free memory first
                m.publishSelfNow();
            }
            answer = answer(request, ZkRequestClient.DONE, 0, 0, "", result);
        } catch (VirtException e) {
            answer = answer(request, ZkRequestClient.FAILED, e.code().number(), e.domain().number(), e.getMessage(),
                    "");
        } catch (RuntimeException e) {
            LOG.error("cluster request '{}' for guest '{}' failed", request.op(), request.guest(), e);
            answer = answer(request, ZkRequestClient.FAILED, ErrorCode.INTERNAL_ERROR.number(), 0,
                    ErrorCode.INTERNAL_ERROR.message(String.valueOf(e.getMessage())), "");
        }
        byte[] data = ZkJson.write(answer);
        ZkCalls.call(session, "cannot answer request", () -> {
            try {
                session.curator().setData().forPath(path, data);
            } catch (KeeperException.NoNodeException e) {
                // the requester gave up waiting
            }
            return null;
        });
    }

    private static RequestRecord answer(RequestRecord r, String status, int code, int domain, String message,
            String result) {
        return new RequestRecord(r.op(), r.guest(), r.args(), r.requester(), r.createdEpochMs(), status, code, domain,
                message, result);
    }

    @Deactivate
    public void close() throws InterruptedException {
        running = false;
        sessionChanges.close();
        wake.release(); // also when a ZooKeeper call swallowed the interrupt
        loop.interrupt();
        loop.join(2_000);
        work.shutdownNow();
        leases.close();
    }
}
