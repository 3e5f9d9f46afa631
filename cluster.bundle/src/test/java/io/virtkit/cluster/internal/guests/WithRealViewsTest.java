package io.virtkit.cluster.internal.guests;

import static io.virtkit.cluster.internal.guests.SimCluster.GIB;
import static io.virtkit.cluster.internal.guests.SimCluster.URI;
import static io.virtkit.cluster.internal.guests.SimCluster.await;
import static io.virtkit.cluster.internal.guests.SimCluster.xml;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.DomainState;
import io.virtkit.api.cluster.ClusterDomain;
import io.virtkit.api.cluster.ClusterGuest;
import io.virtkit.api.cluster.ClusterHost;
import io.virtkit.cluster.internal.ClusterConfig;
import io.virtkit.cluster.internal.ClusterEventBus;
import io.virtkit.cluster.internal.inventory.InventoryComponent;
import io.virtkit.cluster.internal.membership.Membership;
import io.virtkit.cluster.internal.zk.TestConfigs;
import io.virtkit.cluster.internal.zk.TestSessions;
import io.virtkit.core.internal.DefaultConnectionFactory;
import io.virtkit.test.internal.TestDriver;

/** The Cluster service over the real membership and inventory components (each host its own test driver). */
class WithRealViewsTest {

    @Test
    void aStartedGuestShowsInTheInventoryAsAClusterGuestAndInItsHostsFreeMemory() throws Exception {
        ClusterConfig config = TestConfigs.cluster(Map.of("uris", URI, "guestMemoryKiB", 16 * GIB));
        List<AutoCloseable> open = new ArrayList<>();
        try (TestSessions zk = new TestSessions()) {
            List<ClusterService> clusters = hosts(zk, config, open, "a", "b");
            ClusterService a = clusters.get(0);
            ClusterService b = clusters.get(1);
            await("both members seen", () -> a.hosts().size() == 2 && b.hosts().size() == 2);
            long freeBefore = a.hosts().get(1).freeMemoryKiB();

            a.defineGuest(URI, xml("g", GIB), false);
            UUID bUuid = b.status().hostUuid();
            ClusterHost chosen = a.startGuest("g", bUuid);
            assertThat(chosen.hostname()).isEqualTo("b");
            await("a sees g running on b as a cluster guest", () -> a.domains().stream().anyMatch(d ->
                    d.name().equals("g") && d.hostUuid().equals(bUuid) && d.clusterGuest()
                            && d.state() == DomainState.RUNNING && !d.persistent()));
            await("b's free memory down by g's", () -> a.hosts().get(1).freeMemoryKiB() == freeBefore - GIB);
            ClusterGuest g = a.guest("g").orElseThrow();
            assertThat(g.ownerHostname()).contains("b");

            a.stopGuest("g", false);
            await("g gone from the inventory", () -> a.domains().stream().map(ClusterDomain::name)
                    .noneMatch("g"::equals));
            await("b's memory free again", () -> a.hosts().get(1).freeMemoryKiB() == freeBefore);
        } finally {
            close(open);
        }
    }

    /**
     * Guests started back to back spread by free memory with the real membership, whose records are rewritten
     * every 2 s: each start's host publishes its lowered free memory before it answers, and placement reads the
     * members rather than its cache (the end-to-end test once saw 3/2/1 before that).
     */
    @Test
    void sixGuestsStartedBackToBackSpreadTwoTwoTwo() throws Exception {
        ClusterConfig config = TestConfigs.cluster(Map.of("uris", URI, "guestMemoryKiB", 16 * GIB));
        List<AutoCloseable> open = new ArrayList<>();
        try (TestSessions zk = new TestSessions()) {
            List<ClusterService> clusters = hosts(zk, config, open, "a", "b", "c");
            ClusterService a = clusters.get(0);
            await("three members seen", () -> a.hosts().size() == 3);
            Map<String, Integer> perHost = new java.util.TreeMap<>();
            for (int i = 0; i < 6; i++) {
                a.defineGuest(URI, xml("g" + i, GIB), false);
                perHost.merge(a.startGuest("g" + i).hostname(), 1, Integer::sum);
            }
            assertThat(perHost).containsExactly(Map.entry("a", 2), Map.entry("b", 2), Map.entry("c", 2));
        } finally {
            close(open);
        }
    }

    private static List<ClusterService> hosts(TestSessions zk, ClusterConfig config, List<AutoCloseable> open,
            String... names) throws InterruptedException {
        List<ClusterService> clusters = new ArrayList<>();
        for (String name : names) {
            TestSessions.Session session = zk.host(name);
            ConnectionFactory factory = new DefaultConnectionFactory().withHypervisorDriver(new TestDriver());
            ClusterEventBus bus = new ClusterEventBus();
            Membership membership = new Membership(config, session, bus, factory);
            InventoryComponent inventory = new InventoryComponent(config, session, factory, bus);
            HostAgent agent = new HostAgent(session, factory, Duration.ofSeconds(10), inventory, membership);
            ClusterPlacement placement = new ClusterPlacement(membership);
            placement.addPolicy(new DefaultPlacementPolicy(), Map.of("service.ranking", Integer.MIN_VALUE));
            ClusterService cluster = new ClusterService(session, bus, membership, inventory, placement,
                    new ZkRequestClient(session), Duration.ofSeconds(10));
            open.addAll(List.of(cluster::close, agent::close, inventory::close, membership::close, bus::close));
            clusters.add(cluster);
        }
        return clusters;
    }

    private static void close(List<AutoCloseable> open) throws Exception {
        java.util.Collections.reverse(open);
        for (AutoCloseable c : open) {
            c.close();
        }
    }
}
