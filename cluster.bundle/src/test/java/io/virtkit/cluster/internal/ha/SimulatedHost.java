package io.virtkit.cluster.internal.ha;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.zookeeper.CreateMode;

import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.Domain;
import io.virtkit.api.VirtException;
import io.virtkit.api.cluster.ClusterEvent;
import io.virtkit.api.cluster.ClusterEventType;
import io.virtkit.api.cluster.ClusterHost;
import io.virtkit.cluster.internal.ClusterEventBus;
import io.virtkit.cluster.internal.guests.Placement;
import io.virtkit.cluster.internal.guests.RequestClient;
import io.virtkit.cluster.internal.inventory.InventoryView;
import io.virtkit.cluster.internal.zk.TestSessions;
import io.virtkit.cluster.internal.zk.ZkJson;
import io.virtkit.cluster.internal.zk.ZkPaths;
import io.virtkit.cluster.internal.zk.records.HostRecord;
import io.virtkit.core.internal.DefaultConnectionFactory;
import io.virtkit.test.internal.TestDriver;

/**
 * One host of a test cluster in this JVM: its session (through its own {@link ZkRelay}, so it alone can be cut
 * off), its own hypervisor (a test driver behind core's DefaultConnectionFactory, test:///default), its member
 * znode, the host agent stand-in and the HA components under test with an event bus of their own.
 */
final class SimulatedHost implements AutoCloseable {
    static final String URI = "test:///default";

    final String name;
    final ZkRelay relay;
    final HeartbeatSession session;
    final ConnectionFactory factory;
    final Connection connection;
    final TestAgent agent;
    final ClusterEventBus bus = new ClusterEventBus();
    final List<ClusterEvent> events = new CopyOnWriteArrayList<>();
    private SelfFencing fencing;
    private HaRecovery recovery;
    private volatile boolean dead;

    /** A host reaching the ensemble through {@code relay} (closed by its owner, after the sessions). */
    SimulatedHost(TestSessions zk, String name, int sessionTimeoutMs, ZkRelay relay) throws Exception {
        this.name = name;
        this.relay = relay;
        this.session = new HeartbeatSession(zk.host(name, UUID.randomUUID(), sessionTimeoutMs, relay.connectString()));
        this.factory = new DefaultConnectionFactory().withHypervisorDriver(new TestDriver());
        this.connection = factory.open(URI);
        this.agent = new TestAgent(session, connection);
        bus.add(events::add);
        HostRecord record = new HostRecord(session.hostUuid().toString(), name, "", List.of(URI), 1, 1 << 20,
                1 << 20, 0, 0, System.currentTimeMillis());
        PersistentNode member = new PersistentNode(session.curator(), CreateMode.EPHEMERAL, false,
                ZkPaths.host(session.hostUuid()), ZkJson.write(record));
        member.start();
        if (!member.waitForInitialCreate(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " did not join");
        }
    }

    /** The events of this type published on this host's bus so far. */
    List<ClusterEvent> events(ClusterEventType type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }

    /** Waits until this host's session has had an answer from the ensemble (its heartbeat ran). */
    void awaitContact() throws InterruptedException {
        TestCluster.await(name + " heard the ensemble", Duration.ofSeconds(10), () -> session.lastContactNanos() > 0);
    }

    UUID uuid() {
        return session.hostUuid();
    }

    ClusterHost asClusterHost() {
        return new ClusterHost(uuid(), name, "", List.of(URI), 1, 1 << 20, 1 << 20, 0, 0, Instant.now(), false);
    }

    SelfFencing startFencing(int fenceAfterMs) {
        return startFencing(fenceAfterMs, factory);
    }

    /** Self-fencing destroying through {@code destroyVia} (a factory over this host's, with faults). */
    SelfFencing startFencing(int fenceAfterMs, ConnectionFactory destroyVia) {
        fencing = new SelfFencing(session, agent, destroyVia, bus, fenceAfterMs);
        return fencing;
    }

    HaRecovery startRecovery(Placement placement, RequestClient requests, InventoryView inventory, Duration margin)
            throws Exception {
        recovery = new HaRecovery(session, placement, requests, inventory, bus, margin, Duration.ofSeconds(10));
        return recovery;
    }

    HaRecovery recovery() {
        return recovery;
    }

    boolean dead() {
        return dead;
    }

    /** Whether this host runs the domain now (the test driver's word). */
    boolean runs(UUID domain) {
        try {
            return connection.lookupDomainByUuid(domain).isActive();
        } catch (VirtException e) {
            return false;
        }
    }

    /**
     * kill -9 of the JVM and its QEMUs: from now on nothing of it reaches the ensemble (its session is not closed:
     * the ensemble expires it after the timeout), its components stop, its guests are gone.
     */
    void kill() throws InterruptedException {
        dead = true;
        relay.cut();
        stopComponents();
        for (Domain d : connection.listAllDomains()) {
            if (d.isActive()) {
                d.destroy();
            }
        }
    }

    private void stopComponents() throws InterruptedException {
        if (fencing != null) {
            fencing.close();
            fencing = null;
        }
        if (recovery != null) {
            recovery.close();
            recovery = null;
        }
        agent.close();
    }

    @Override
    public void close() throws Exception {
        relay.heal(); // so the session closes at once instead of waiting on a cut connection
        stopComponents();
        session.close(); // the member znode goes with the session, closed by TestSessions
        connection.close();
        bus.close();
    }
}
