package io.virtkit.cluster.internal.guests;

import static io.virtkit.cluster.internal.guests.SimCluster.GIB;
import static io.virtkit.cluster.internal.guests.SimCluster.URI;
import static io.virtkit.cluster.internal.guests.SimCluster.await;
import static io.virtkit.cluster.internal.guests.SimCluster.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.api.cluster.ClusterEvent;
import io.virtkit.api.cluster.ClusterEventType;
import io.virtkit.api.cluster.ClusterGuest;
import io.virtkit.api.cluster.ClusterHost;
import io.virtkit.api.cluster.PlacementPolicy;
import io.virtkit.cluster.internal.guests.SimCluster.SimHost;

class ClusterGuestsTest {

    @Test
    void defineStartStopUndefineRoundTripKeepsTheLeaseAndTheHostInStep() throws Exception {
        try (SimCluster c = new SimCluster(8 * GIB, 8 * GIB, 8 * GIB)) {
            SimHost h1 = c.host(0);
            SimHost h2 = c.host(1);
            SimHost h3 = c.host(2);
            List<ClusterEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            h3.cluster.addListener(events::add);

            ClusterGuest defined = h1.cluster.defineGuest(URI, xml("g1", GIB), true);
            assertThat(defined.version()).isZero();
            assertThat(defined.owner()).isEmpty();
            assertThat(h2.cluster.guest("g1")).map(ClusterGuest::uuid).contains(defined.uuid());

            ClusterHost chosen = h2.cluster.startGuest("g1");
            SimHost owner = c.byUuid(chosen.uuid());
            ClusterGuest running = h3.cluster.guest("g1").orElseThrow();
            assertThat(running.owner()).contains(chosen.uuid());
            assertThat(running.ownerHostname()).contains(owner.name);
            assertThat(running.wantedRunning()).isTrue();
            assertThat(owner.runs("g1")).isTrue();
            assertThat(owner.agent.held()).extracting(LocalLeases.Held::name).containsExactly("g1");
            assertThat(owner.inventory.marked).containsExactly(defined.uuid());
            for (SimHost other : c.hosts) {
                if (other != owner) {
                    assertThat(other.runs("g1")).isFalse();
                }
            }

            assertThatThrownBy(() -> h3.cluster.startGuest("g1", h3.uuid()))
                    .isInstanceOf(VirtException.class)
                    .hasMessage("Requested operation is not valid: domain is already running on host '" + owner.name + "'")
                    .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.OPERATION_INVALID);
            assertThat(h3.runs("g1")).isFalse();
            assertThatThrownBy(() -> h1.cluster.undefineGuest("g1"))
                    .hasMessage("Requested operation is not valid: domain is not in shutoff state");

            h3.cluster.stopGuest("g1", false);
            ClusterGuest stopped = h1.cluster.guest("g1").orElseThrow();
            assertThat(stopped.owner()).isEmpty();
            assertThat(stopped.wantedRunning()).isFalse();
            assertThat(owner.runs("g1")).isFalse();
            assertThat(owner.agent.held()).isEmpty();
            assertThat(owner.inventory.marked).isEmpty();
            assertThatThrownBy(() -> h1.cluster.stopGuest("g1", true))
                    .hasMessage("Requested operation is not valid: domain is not running");

            h2.cluster.undefineGuest("g1");
            assertThat(h3.cluster.guests()).isEmpty();
            assertThatThrownBy(() -> h3.cluster.startGuest("g1"))
                    .hasMessage("Domain not found: no domain with matching name 'g1'");
            await("the events seen on h3", () -> events.stream().map(ClusterEvent::type).toList().containsAll(List.of(
                    ClusterEventType.GUEST_DEFINED, ClusterEventType.GUEST_STARTED, ClusterEventType.GUEST_STOPPED,
                    ClusterEventType.GUEST_UNDEFINED)));
        }
    }

    @Test
    void defineRefusesTakenNamesAndUuidsAndBadXmlLeavingNothing() throws Exception {
        try (SimCluster c = new SimCluster(8 * GIB)) {
            SimHost h = c.host(0);
            ClusterGuest a = h.cluster.defineGuest(URI, xml("a", GIB), false);
            assertThatThrownBy(() -> h.cluster.defineGuest(URI, xml("a", 2 * GIB), false))
                    .hasMessage("operation failed: domain 'a' already exists with uuid " + a.uuid());
            String sameUuid = xml("b", GIB).replace("<name>b</name>", "<name>b</name><uuid>" + a.uuid() + "</uuid>");
            assertThatThrownBy(() -> h.cluster.defineGuest(URI, sameUuid, false))
                    .hasMessage("operation failed: domain 'a' is already defined with uuid " + a.uuid());
            assertThatThrownBy(() -> h.cluster.defineGuest(URI, "<domain type='test'><name>c</name></domain>", false))
                    .isInstanceOf(VirtException.class)
                    .extracting(e -> ((VirtException) e).code()).isIn(ErrorCode.XML_ERROR, ErrorCode.XML_DETAIL);
            assertThatThrownBy(() -> h.cluster.defineGuest(URI, "<domain", false))
                    .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.XML_DETAIL);
            assertThat(h.cluster.guests()).extracting(ClusterGuest::name).containsExactly("a");
        }
    }

    @Test
    void ofTwoConcurrentUpdatesAtOneVersionExactlyOneWins() throws Exception {
        try (SimCluster c = new SimCluster(8 * GIB, 8 * GIB)) {
            ClusterGuest g = c.host(0).cluster.defineGuest(URI, xml("g", GIB), false);
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService two = Executors.newFixedThreadPool(2);
            try {
                List<Future<ClusterGuest>> results = new ArrayList<>();
                for (SimHost h : c.hosts) {
                    String edited = xml("g", 2 * GIB).replace("<name>g</name>", "<name>g</name><uuid>" + g.uuid()
                            + "</uuid><description>" + h.name + "</description>");
                    results.add(two.submit(() -> {
                        go.await();
                        return h.cluster.updateGuest("g", edited, true, g.version());
                    }));
                }
                go.countDown();
                List<ClusterGuest> won = new ArrayList<>();
                List<Throwable> lost = new ArrayList<>();
                for (Future<ClusterGuest> f : results) {
                    try {
                        won.add(f.get());
                    } catch (java.util.concurrent.ExecutionException e) {
                        lost.add(e.getCause());
                    }
                }
                assertThat(won).hasSize(1);
                assertThat(won.get(0).version()).isEqualTo(1);
                assertThat(lost).hasSize(1);
                assertThat(lost.get(0)).isInstanceOf(VirtException.class).hasMessage(
                        "operation failed: cluster guest 'g' was changed by another host (version 1, expected 0)");
                assertThat(c.host(1).cluster.guest("g").orElseThrow().xml()).isEqualTo(won.get(0).xml());
            } finally {
                two.shutdownNow();
            }
        }
    }

    @Test
    void placementSpreadsSixGuestsOverThreeEqualHosts() throws Exception {
        try (SimCluster c = new SimCluster(8 * GIB, 8 * GIB, 8 * GIB)) {
            Map<UUID, Integer> perHost = new java.util.HashMap<>();
            for (int i = 0; i < 6; i++) {
                c.host(0).cluster.defineGuest(URI, xml("g" + i, GIB), false);
                ClusterHost h = c.host(i % 3).cluster.startGuest("g" + i);
                perHost.merge(h.uuid(), 1, Integer::sum);
            }
            assertThat(perHost.values()).containsExactly(2, 2, 2);
            for (SimHost h : c.hosts) {
                assertThat(h.agent.held()).hasSize(2);
                assertThat(h.connection.listAllDomains().stream().filter(d -> d.name().startsWith("g")
                        && d.isActive())).hasSize(2);
            }
        }
    }

    @Test
    void placementFollowsFreeMemoryWhenCapacitiesDiffer() throws Exception {
        try (SimCluster c = new SimCluster(6 * GIB, 4 * GIB, 2 * GIB)) {
            List<String> chosen = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                c.host(2).cluster.defineGuest(URI, xml("g" + i, GIB), false);
                chosen.add(c.host(2).cluster.startGuest("g" + i).hostname());
            }
            // 6/4/2 → h1 5 → h1 4 → tie 4/4: fewer guests wins, h2 → h1 4 beats h2 3
            assertThat(chosen).containsExactly("h1", "h1", "h2", "h1");
            c.host(0).cluster.defineGuest(URI, xml("big", 4 * GIB), false);
            assertThatThrownBy(() -> c.host(0).cluster.startGuest("big"))
                    .hasMessage("operation failed: no host can run guest 'big': no member has 4194304 KiB of memory free");
            assertThat(c.host(0).cluster.guest("big").orElseThrow().wantedRunning()).isFalse();
        }
    }

    @Test
    void aHigherRankedPlacementPolicyWins() throws Exception {
        try (SimCluster c = new SimCluster(8 * GIB, 2 * GIB)) {
            PlacementPolicy smallest = r -> r.candidates().stream()
                    .min(java.util.Comparator.comparingLong(ClusterHost::freeMemoryKiB));
            SimHost h1 = c.host(0);
            h1.placement.addPolicy(smallest, Map.of("service.ranking", 10));
            h1.cluster.defineGuest(URI, xml("g", GIB), false);
            assertThat(h1.cluster.startGuest("g").hostname()).isEqualTo("h2");
            h1.placement.removePolicy(smallest);
            h1.cluster.defineGuest(URI, xml("k", GIB), false);
            assertThat(h1.cluster.startGuest("k").hostname()).isEqualTo("h1");
        }
    }

    @Test
    void withoutQuorumStartIsRefusedAndNothingChanges() throws Exception {
        try (SimCluster c = new SimCluster(8 * GIB, 8 * GIB)) {
            SimHost h1 = c.host(0);
            h1.cluster.defineGuest(URI, xml("g", GIB), true);
            await("h1's local copy has the guest", () -> !h1.cluster.cachedGuests().isEmpty());
            c.zk.server().stop();
            await("h1 lost its quorum", () -> !h1.session.hasQuorum());
            assertThatThrownBy(() -> h1.cluster.startGuest("g"))
                    .isInstanceOf(VirtException.class)
                    .hasMessage("Requested operation is not valid: cluster has no quorum: cannot start guest 'g'");
            assertThat(h1.cluster.guests()).extracting(ClusterGuest::name).containsExactly("g"); // the last known state
            c.zk.server().restart();
            await("h1 back with a quorum", h1.session::hasQuorum);
            ClusterGuest g = h1.cluster.guest("g").orElseThrow();
            assertThat(g.wantedRunning()).isFalse();
            assertThat(g.owner()).isEmpty();
            assertThat(g.version()).isZero();
            for (SimHost h : c.hosts) {
                assertThat(h.runs("g")).isFalse();
            }
        }
    }

    @Test
    void adoptMovesTheLeaseWithAnOwnerAtEveryMoment() throws Exception {
        try (SimCluster c = new SimCluster(8 * GIB, 8 * GIB, 8 * GIB)) {
            SimHost h1 = c.host(0);
            SimHost h2 = c.host(1);
            SimHost h3 = c.host(2);
            h2.remoteUri = "test+tls://127.0.0.1/default";
            h2.membership.refreshSelf();
            ClusterGuest g = h1.cluster.defineGuest(URI, xml("g", GIB), true);
            h1.cluster.startGuest("g", h1.uuid());

            // the test driver cannot migrate: the source keeps its guest and its lease
            assertThatThrownBy(() -> h3.cluster.migrateGuest("g", h2.uuid()))
                    .isInstanceOf(VirtException.class)
                    .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.ARGUMENT_UNSUPPORTED);
            assertThat(h3.cluster.guest("g").orElseThrow().owner()).contains(h1.uuid());
            assertThat(h1.runs("g")).isTrue();
            assertThat(h1.agent.held()).extracting(LocalLeases.Held::name).containsExactly("g");

            // what a migration leaves: the guest runs on h2 too, then h1 sends adopt
            h2.connection.createDomain(g.xml());
            LeaseWatch watch = new LeaseWatch(h3, "g");
            try {
                String result = new ZkRequestClient(h1.session).send(h2.uuid(), RequestClient.ADOPT, "g",
                        Map.of("source", h1.uuid().toString(), "leaseVersion", "0"), java.time.Duration.ofSeconds(10));
                assertThat(result).isEmpty();
                await("the watcher saw the handover", () -> watch.events.get() > 0);
            } finally {
                watch.close();
            }
            assertThat(watch.absent.get()).isZero();
            assertThat(watch.reads.get()).isPositive();
            assertThat(h3.cluster.guest("g").orElseThrow().owner()).contains(h2.uuid());
            assertThat(h2.agent.held()).extracting(LocalLeases.Held::name).containsExactly("g");
            assertThat(h2.inventory.marked).containsExactly(g.uuid());

            // a second adopt from the old source is refused: the lease is no longer h1's
            assertThatThrownBy(() -> new ZkRequestClient(h3.session).send(h3.uuid(), RequestClient.ADOPT, "g",
                    Map.of("source", h1.uuid().toString(), "leaseVersion", "0"), java.time.Duration.ofSeconds(10)))
                    .hasMessageContaining("is held by host 'h2'");
        }
    }

    /** Reads /leases/name in a loop and on every watch event from another host's session, counting absences. */
    private static final class LeaseWatch implements AutoCloseable {
        final java.util.concurrent.atomic.AtomicInteger absent = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger events = new java.util.concurrent.atomic.AtomicInteger();
        private volatile boolean running = true;
        private final Thread thread;

        LeaseWatch(SimHost observer, String name) throws Exception {
            String path = io.virtkit.cluster.internal.zk.ZkPaths.lease(name);
            org.apache.curator.framework.api.CuratorWatcher watcher = new org.apache.curator.framework.api.CuratorWatcher() {
                @Override
                public void process(org.apache.zookeeper.WatchedEvent e) throws Exception {
                    if (!running) {
                        return;
                    }
                    events.incrementAndGet();
                    check(observer.session.curator().checkExists().usingWatcher(this).forPath(path));
                }
            };
            check(observer.session.curator().checkExists().usingWatcher(watcher).forPath(path));
            thread = new Thread(() -> {
                while (running) {
                    try {
                        check(observer.session.curator().checkExists().forPath(path));
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            thread.start();
        }

        private void check(Object stat) {
            reads.incrementAndGet();
            if (stat == null) {
                absent.incrementAndGet();
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5_000);
        }
    }
}
