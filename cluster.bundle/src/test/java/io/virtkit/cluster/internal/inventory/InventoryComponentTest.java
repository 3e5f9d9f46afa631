package io.virtkit.cluster.internal.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.virtkit.api.Domain;
import io.virtkit.api.DomainState;
import io.virtkit.api.cluster.ClusterDomain;
import io.virtkit.api.cluster.ClusterEvent;
import io.virtkit.api.cluster.ClusterEventType;
import io.virtkit.cluster.internal.zk.TestSessions;
import io.virtkit.cluster.internal.zk.ZkPaths;

/** Hosts sharing one test ZooKeeper, each with a test driver of its own, see each other's domains. */
class InventoryComponentTest {
    private static final Duration BOUND = Duration.ofSeconds(10);
    private static TestSessions zk;

    @BeforeAll
    static void zooKeeper() throws Exception {
        zk = new TestSessions();
    }

    @AfterAll
    static void stop() throws Exception {
        zk.close();
    }

    @Test
    void lifecycleOnOneHostIsSeenByAnotherWithItsState() throws Exception {
        try (SimulatedHost a = new SimulatedHost(zk, "a"); SimulatedHost b = new SimulatedHost(zk, "b")) {
            // test:///default starts with libvirt's running domain "test" on every host
            awaitOn(b, a, "test", d -> d.isPresent() && d.get().state() == DomainState.RUNNING);
            awaitOn(a, b, "test", d -> d.isPresent());

            Domain web = a.user.defineDomain(SimulatedHost.xml("web"));
            ClusterDomain seen = awaitOn(b, a, "web", d -> d.isPresent()).orElseThrow();
            assertThat(seen).isEqualTo(new ClusterDomain(a.session.hostUuid(), "a", "test:///default", "web",
                    web.uuid(), DomainState.SHUTOFF, true, false));
            assertThat(b.inventory.domainsOn(b.session.hostUuid())).extracting(ClusterDomain::name)
                    .containsExactly("test");

            web.start();
            awaitOn(b, a, "web", d -> d.isPresent() && d.get().state() == DomainState.RUNNING);
            a.inventory.markClusterGuest(web.uuid());
            awaitOn(b, a, "web", d -> d.isPresent() && d.get().clusterGuest());
            a.inventory.unmarkClusterGuest(web.uuid());
            awaitOn(b, a, "web", d -> d.isPresent() && !d.get().clusterGuest());
            web.destroy();
            awaitOn(b, a, "web", d -> d.isPresent() && d.get().state() == DomainState.SHUTOFF);
            web.undefine();
            awaitOn(b, a, "web", Optional::isEmpty);

            Domain transientOne = a.user.createDomain(SimulatedHost.xml("once"));
            awaitOn(b, a, "once", d -> d.isPresent() && !d.get().persistent()
                    && d.get().state() == DomainState.RUNNING);
            transientOne.destroy();
            awaitOn(b, a, "once", Optional::isEmpty);

            // one event per change of a domain, not per znode write: web went through defined, running, marked,
            // unmarked, shut off, gone; "test" only appeared
            assertThat(domainEvents(b, a, "web")).hasSize(6);
            assertThat(domainEvents(b, a, "test")).hasSize(1);
            assertThat(b.inventory.domains()).extracting(d -> d.hostname() + "/" + d.name())
                    .containsExactly("a/test", "b/test");
        }
    }

    @Test
    void anExpiredSessionsDomainsVanishFromTheOthersAndComeBackWithTheNewSession() throws Exception {
        try (SimulatedHost a = new SimulatedHost(zk, "a"); SimulatedHost b = new SimulatedHost(zk, "b")) {
            a.user.defineDomain(SimulatedHost.xml("kept"));
            awaitOn(b, a, "kept", Optional::isPresent);
            long before = a.session.sessionId();

            expire(a.session.sessionId(), a.session.curator().getZookeeperClient().getZooKeeper().getSessionPasswd());

            Await.until("a's domains gone from b's view", BOUND,
                    () -> !domainEvents(b, a, "kept").isEmpty()
                            && domainEvents(b, a, "kept").stream().anyMatch(e -> e.detail().startsWith("gone")),
                    () -> domainEvents(b, a, "kept"));
            awaitOn(b, a, "kept", Optional::isPresent);
            assertThat(a.session.sessionId()).isNotEqualTo(before);
            Stat stat = b.session.curator().checkExists().forPath(ZkPaths.inventory(a.session.hostUuid()));
            assertThat(stat.getEphemeralOwner()).isEqualTo(a.session.sessionId());
            assertThat(b.inventory.domainsOn(a.session.hostUuid())).extracting(ClusterDomain::name)
                    .containsExactly("kept", "test");
        }
    }

    @Test
    void threeHostsOfAThousandDomainsEachConverge() throws Exception {
        try (SimulatedHost a = new SimulatedHost(zk, "a"); SimulatedHost b = new SimulatedHost(zk, "b");
                SimulatedHost c = new SimulatedHost(zk, "c")) {
            List<SimulatedHost> hosts = List.of(a, b, c);
            awaitCount(hosts, 3); // each host's "test" domain: all three publish
            long start = System.nanoTime();
            Thread[] definers = hosts.stream().map(h -> new Thread(() -> {
                for (int i = 0; i < 1000; i++) {
                    h.user.defineDomain(SimulatedHost.xml(h.session.hostname() + "-" + i));
                }
            })).toArray(Thread[]::new);
            for (Thread t : definers) {
                t.start();
            }
            for (Thread t : definers) {
                t.join();
            }
            long defined = System.nanoTime();
            awaitCount(hosts, 3003);
            long converged = System.nanoTime();
            System.out.printf("3 x 1000 domains: defined in %d ms, every view complete %d ms after the last define%n",
                    (defined - start) / 1_000_000, (converged - defined) / 1_000_000);

            // coalesced: at most one write per 100 ms (plus the first), far fewer than the 1,000 events per host
            long elapsedMs = (converged - start) / 1_000_000;
            for (SimulatedHost h : hosts) {
                Stat stat = h.session.curator().checkExists().forPath(ZkPaths.inventory(h.session.hostUuid()));
                assertThat(stat.getVersion()).isLessThanOrEqualTo((int) (elapsedMs / 100) + 3);
            }
        }
    }

    @Test
    void aMissingDriverIsRetriedAndItsDomainsAppearOnceItComes() throws Exception {
        try (SimulatedHost a = new SimulatedHost(zk, "late", "test:///default, nosuch:///x", false);
                SimulatedHost b = new SimulatedHost(zk, "b")) {
            // a publishes its record (empty: neither connection opens) and keeps trying
            String znode = ZkPaths.inventory(a.session.hostUuid());
            Await.until("a's empty record", BOUND, () -> exists(b, znode), () -> "none");
            assertThat(InventoryCodec.decode(b.session.curator().getData().forPath(znode)).domains()).isEmpty();
            assertThat(b.inventory.domainsOn(a.session.hostUuid())).isEmpty();

            a.factory.withHypervisorDriver(a.driver);
            awaitOn(b, a, "test", Optional::isPresent);

            // the driver going away kills the connection; when it is back, the inventory follows it again
            a.factory.removeHypervisorDriver(a.driver);
            a.factory.withHypervisorDriver(a.driver);
            try (var user = a.factory.open("test:///default")) {
                user.defineDomain(SimulatedHost.xml("after"));
            }
            awaitOn(b, a, "after", Optional::isPresent);
        }
    }

    @Test
    void aRecordOverTheShardSizeIsSplitAndTheOthersMergeItsShards() throws Exception {
        try (SimulatedHost a = new SimulatedHost(zk, "sharded", "test:///default", true, 8 * 1024);
                SimulatedHost b = new SimulatedHost(zk, "b")) {
            List<Domain> defined = new java.util.ArrayList<>();
            for (int i = 0; i < 400; i++) {
                defined.add(a.user.defineDomain(SimulatedHost.xml("s" + i)));
            }
            Await.until("401 domains of a in b's view", BOUND,
                    () -> b.inventory.domainsOn(a.session.hostUuid()).size() == 401,
                    () -> b.inventory.domainsOn(a.session.hostUuid()).size());
            assertThat(shardsOf(b, a)).hasSizeGreaterThan(1);

            for (Domain d : defined.subList(10, 400)) {
                d.undefine();
            }
            Await.until("11 domains of a in b's view", BOUND,
                    () -> b.inventory.domainsOn(a.session.hostUuid()).size() == 11,
                    () -> b.inventory.domainsOn(a.session.hostUuid()).size());
            // the shards no longer needed are gone: one znode again
            Await.until("one znode of a", BOUND, () -> shardsOf(b, a).size() == 1, () -> shardsOf(b, a));
        }
    }

    private static List<String> shardsOf(SimulatedHost viewer, SimulatedHost owner) {
        try {
            return viewer.session.curator().getChildren().forPath(ZkPaths.INVENTORY).stream()
                    .filter(n -> n.startsWith(owner.session.hostUuid().toString())).toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean exists(SimulatedHost viewer, String znode) {
        try {
            return viewer.session.curator().checkExists().forPath(znode) != null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<ClusterDomain> awaitOn(SimulatedHost viewer, SimulatedHost owner, String name,
            java.util.function.Predicate<Optional<ClusterDomain>> wanted) throws InterruptedException {
        Await.until(name + " on " + owner.session.hostname() + " as " + viewer.session.hostname() + " sees it",
                BOUND, () -> wanted.test(find(viewer, owner, name)), () -> find(viewer, owner, name));
        return find(viewer, owner, name);
    }

    private static Optional<ClusterDomain> find(SimulatedHost viewer, SimulatedHost owner, String name) {
        return viewer.inventory.domainsOn(owner.session.hostUuid()).stream().filter(d -> d.name().equals(name))
                .findFirst();
    }

    private static void awaitCount(List<SimulatedHost> hosts, int count) throws InterruptedException {
        for (SimulatedHost h : hosts) {
            Await.until(count + " domains in " + h.session.hostname() + "'s view", BOUND,
                    () -> h.inventory.domains().size() == count, () -> h.inventory.domains().size());
        }
    }

    private static List<ClusterEvent> domainEvents(SimulatedHost viewer, SimulatedHost owner, String name) {
        UUID host = owner.session.hostUuid();
        return viewer.events.stream().filter(e -> e.type() == ClusterEventType.DOMAIN_CHANGED
                && e.host().equals(Optional.of(host)) && e.name().equals(Optional.of(name))).toList();
    }

    /** Ends a session on the server as its expiry does: another client with its id and password closes it. */
    private static void expire(long sessionId, byte[] password) throws Exception {
        ZooKeeper killer = new ZooKeeper(zk.server().getConnectString(), 4000, event -> {
        }, sessionId, password);
        try {
            Await.until("the killer connected", BOUND, () -> killer.getState().isConnected(), killer::getState);
        } finally {
            killer.close();
        }
    }
}
