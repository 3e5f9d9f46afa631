package io.virtkit.cluster.internal.guests;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.cluster.ClusterDomain;
import io.virtkit.api.cluster.ClusterHost;
import io.virtkit.cluster.internal.ClusterEventBus;
import io.virtkit.cluster.internal.inventory.InventoryView;
import io.virtkit.cluster.internal.membership.MembershipView;
import io.virtkit.cluster.internal.zk.TestSessions;
import io.virtkit.cluster.internal.zk.ZkJson;
import io.virtkit.cluster.internal.zk.ZkPaths;
import io.virtkit.cluster.internal.zk.records.HostRecord;
import io.virtkit.core.internal.DefaultConnectionFactory;
import io.virtkit.test.internal.TestDriver;

/**
 * Simulated cluster hosts in one JVM: each has its own ZooKeeper session (TestSessions), its own test:/// driver
 * state (a TestDriver of its own behind core's DefaultConnectionFactory), the real guests components, and small
 * membership and inventory views of the test's own that follow the contract (free memory = capacity minus the
 * memory of the cluster guests running there).
 */
final class SimCluster implements AutoCloseable {
    static final String URI = "test:///default";
    static final long GIB = 1024 * 1024;

    final TestSessions zk;
    final List<SimHost> hosts = new ArrayList<>();

    SimCluster(long... capacitiesKiB) throws Exception {
        zk = new TestSessions();
        for (int i = 0; i < capacitiesKiB.length; i++) {
            hosts.add(new SimHost("h" + (i + 1), capacitiesKiB[i]));
        }
    }

    SimHost host(int i) {
        return hosts.get(i);
    }

    SimHost byUuid(UUID uuid) {
        return hosts.stream().filter(h -> h.session.hostUuid().equals(uuid)).findFirst().orElseThrow();
    }

    /** The connection of the host whose remote URI this is (a migration's destination), or null. */
    private Connection destination(String remoteUri) {
        return hosts.stream().filter(h -> h.remoteUri.equals(remoteUri)).map(h -> h.connection).findFirst()
                .orElse(null);
    }

    static String xml(String name, long memoryKiB) {
        return "<domain type='test'><name>" + name + "</name><memory>" + memoryKiB + "</memory><currentMemory>"
                + memoryKiB + "</currentMemory><vcpu>1</vcpu><os><type>hvm</type></os></domain>";
    }

    /** Waits up to 20 s for a state; fails the test if it never comes. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws Exception {
        for (SimHost h : hosts) {
            h.close();
        }
        zk.close();
    }

    final class SimHost implements AutoCloseable {
        final String name;
        final TestSessions.Session session;
        final TestDriver driver = new TestDriver();
        final DefaultConnectionFactory factory = new DefaultConnectionFactory().withHypervisorDriver(driver);
        final Connection connection;
        final Membership membership;
        final Inventory inventory = new Inventory();
        final HostAgent agent;
        final ClusterPlacement placement;
        final ClusterService cluster;
        final ClusterEventBus bus = new ClusterEventBus();
        volatile String remoteUri = "";

        SimHost(String name, long capacityKiB) throws Exception {
            this.name = name;
            this.session = zk.host(name);
            this.connection = factory.open(URI);
            this.membership = new Membership(capacityKiB);
            this.agent = new HostAgent(session, new MigrationStandIn(factory, SimCluster.this::destination),
                    Duration.ofSeconds(10), inventory, membership);
            membership.refreshSelf();
            this.placement = new ClusterPlacement(membership);
            placement.addPolicy(new DefaultPlacementPolicy(), java.util.Map.of("service.ranking", Integer.MIN_VALUE));
            this.cluster = new ClusterService(session, bus, membership, inventory, placement,
                    new ZkRequestClient(session), Duration.ofSeconds(10));
            await(name + "'s guest cache loaded", cluster::cacheLoaded);
        }

        UUID uuid() {
            return session.hostUuid();
        }

        /** Whether the guest's domain runs on this host's driver. */
        boolean runs(String guest) {
            return connection.listAllDomains().stream().anyMatch(d -> d.name().equals(guest) && d.isActive());
        }

        @Override
        public void close() throws Exception {
            cluster.close();
            agent.close();
            connection.close();
            bus.close();
        }

        /** The test's MembershipView: /hosts read straight from the ensemble, this host's record written on demand. */
        final class Membership implements MembershipView {
            private final long capacity;

            Membership(long capacity) {
                this.capacity = capacity;
            }

            @Override
            public List<ClusterHost> hosts() {
                try {
                    List<ClusterHost> all = new ArrayList<>();
                    for (String child : session.curator().getChildren().forPath(ZkPaths.HOSTS)) {
                        HostRecord r = ZkJson.read(session.curator().getData().forPath(ZkPaths.HOSTS + "/" + child),
                                HostRecord.class);
                        all.add(new ClusterHost(UUID.fromString(r.uuid()), r.hostname(), r.remoteUri(),
                                r.hypervisors(), r.cpus(), r.memoryKiB(), r.freeMemoryKiB(), r.load(),
                                r.runningGuests(), Instant.ofEpochMilli(r.joinedEpochMs()),
                                r.uuid().equals(uuid().toString())));
                    }
                    all.sort(java.util.Comparator.comparing(ClusterHost::hostname));
                    return all;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public Optional<ClusterHost> host(UUID uuid) {
                return hosts().stream().filter(h -> h.uuid().equals(uuid)).findFirst();
            }

            @Override
            public List<ClusterHost> hostsNow() {
                return hosts();
            }

            @Override
            public void publishSelfNow() {
                refreshSelf();
            }

            @Override
            public void refreshSelf() {
                List<LocalLeases.Held> held = agent == null ? List.of() : agent.held();
                long used = 0;
                for (LocalLeases.Held h : held) {
                    used += connectionDomain(h.uuid()).map(d -> d.info().memoryKiB()).orElse(0L);
                }
                byte[] data = ZkJson.write(new HostRecord(uuid().toString(), name, remoteUri, List.of(URI), 4,
                        capacity, capacity - used, 0, held.size(), System.currentTimeMillis()));
                try {
                    try {
                        session.curator().create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL)
                                .forPath(ZkPaths.host(uuid()), data);
                    } catch (KeeperException.NodeExistsException e) {
                        session.curator().setData().forPath(ZkPaths.host(uuid()), data);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            private Optional<Domain> connectionDomain(UUID uuid) {
                return connection.listAllDomains().stream().filter(d -> d.uuid().equals(uuid) && d.isActive())
                        .findFirst();
            }
        }
    }

    /** The test's InventoryView: only the cluster-guest marks matter here. */
    static final class Inventory implements InventoryView {
        final Set<UUID> marked = ConcurrentHashMap.newKeySet();

        @Override
        public List<ClusterDomain> domains() {
            return List.of();
        }

        @Override
        public List<ClusterDomain> domainsOn(UUID host) {
            return List.of();
        }

        @Override
        public void markClusterGuest(UUID domain) {
            marked.add(domain);
        }

        @Override
        public void unmarkClusterGuest(UUID domain) {
            marked.remove(domain);
        }
    }
}
