package io.virtkit.cluster.internal.ha;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import org.apache.zookeeper.CreateMode;

import io.virtkit.cluster.internal.zk.TestSessions;
import io.virtkit.cluster.internal.zk.ZkJson;
import io.virtkit.cluster.internal.zk.ZkPaths;
import io.virtkit.cluster.internal.zk.records.GuestRecord;

/**
 * A cluster of {@link SimulatedHost}s on one in-process ZooKeeper, short timeouts (session 2 s, so fencing after
 * 1 s; restart margin 1 s), the stand-ins of the other components per host, and a {@link NeverTwiceWatcher}
 * running from the start. The test's own reads go through an observer session that is never cut.
 */
final class TestCluster implements AutoCloseable {
    static final int SESSION_TIMEOUT_MS = 2000;
    static final Duration MARGIN = Duration.ofMillis(1000);

    final TestSessions zk;
    final TestSessions.Session observer;
    final Map<String, SimulatedHost> hosts = new LinkedHashMap<>();
    final Map<UUID, SimulatedHost> byUuid = new ConcurrentHashMap<>();
    final Map<String, TestRequests> requests = new ConcurrentHashMap<>();
    private final Set<UUID> guests = ConcurrentHashMap.newKeySet();
    private final List<ZkRelay> relays = new ArrayList<>();
    final NeverTwiceWatcher watcher;

    TestCluster(String... names) throws Exception {
        zk = new TestSessions();
        try {
            observer = zk.host("observer");
            for (String name : names) {
                ZkRelay relay = new ZkRelay(zk.server().getPort());
                relays.add(relay);
                SimulatedHost h = new SimulatedHost(zk, name, SESSION_TIMEOUT_MS, relay);
                hosts.put(name, h);
                byUuid.put(h.uuid(), h);
            }
        } catch (Exception | Error e) {
            closeHosts();
            throw e;
        }
        watcher = new NeverTwiceWatcher(hosts.values(), guests);
    }

    SimulatedHost host(String name) {
        return hosts.get(name);
    }

    /** Starts HA recovery on these hosts, in this order (the first one started becomes the leader). */
    void startRecovery(String... names) throws Exception {
        for (String name : names) {
            SimulatedHost h = host(name);
            TestRequests r = new TestRequests(h.session, byUuid);
            requests.put(name, r);
            h.startRecovery(new TestPlacement(h.session, byUuid), r, new TestInventory(h.session, byUuid), MARGIN);
            if (name.equals(names[0])) {
                await(name + " leads", Duration.ofSeconds(10), () -> h.recovery().leading());
            }
        }
    }

    /** Defines a cluster guest wanted running (as ClusterService.startGuest leaves it) and gives its UUID. */
    UUID define(String name, boolean ha) throws Exception {
        UUID uuid = UUID.randomUUID();
        String xml = "<domain type='test'><name>" + name + "</name><uuid>" + uuid + "</uuid>"
                + "<memory>65536</memory><os><type>hvm</type></os></domain>";
        observer.curator().create().creatingParentContainersIfNeeded().withMode(CreateMode.PERSISTENT)
                .forPath(ZkPaths.guest(name), ZkJson.write(new GuestRecord(name, uuid.toString(), SimulatedHost.URI,
                        xml, ha, true)));
        guests.add(uuid);
        return uuid;
    }

    /** Defines a cluster guest and starts it on {@code host} through its agent. */
    UUID run(String name, boolean ha, SimulatedHost host) throws Exception {
        UUID uuid = define(name, ha);
        host.agent.start(name);
        return uuid;
    }

    boolean leaseExists(String guest) throws Exception {
        return observer.curator().checkExists().forPath(ZkPaths.lease(guest)) != null;
    }

    /**
     * How a lease ended, as the observer saw it polling every 10 ms: {@code lastSeenSent}, the send time of the
     * last read that found it (it existed then or later: its end is after it); {@code goneSeenAt}, when the first
     * read that missed it came back (its end is before); {@code domainGoneAt}, when a poll first found the
     * domain not running any more on its old host (it stopped before), -1 if it ran on.
     */
    record LeaseEnd(long lastSeenSent, long goneSeenAt, long domainGoneAt) {
    }

    /** Follows a guest's lease until it is gone, and its domain on its old host meanwhile. */
    LeaseEnd followLeaseEnd(String guest, SimulatedHost oldHost, UUID domain, Duration bound) throws Exception {
        long end = System.nanoTime() + bound.toNanos();
        long lastSeen = -1;
        long domainGone = -1;
        while (System.nanoTime() - end < 0) {
            long sent = System.nanoTime();
            boolean present = leaseExists(guest);
            long answered = System.nanoTime();
            if (domainGone < 0 && !oldHost.runs(domain)) {
                domainGone = System.nanoTime();
            }
            if (!present) {
                return new LeaseEnd(lastSeen, answered, domainGone);
            }
            lastSeen = sent;
            Thread.sleep(10);
        }
        return fail("the lease of " + guest + " did not end within " + bound.toMillis() + " ms");
    }

    /** The live host running the guest now, if one does. */
    Optional<SimulatedHost> runner(UUID guest) {
        return hosts.values().stream().filter(h -> h.runs(guest)).findFirst();
    }

    /** The host leading HA recovery now, if one does. */
    Optional<SimulatedHost> leader() {
        return hosts.values().stream().filter(h -> h.recovery() != null && h.recovery().leading()).findFirst();
    }

    /** Waits for a state, polling every 10 ms; fails with {@code what} after {@code bound}. */
    static void await(String what, Duration bound, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                fail("waited " + bound.toMillis() + " ms for: " + what);
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() throws Exception {
        watcher.close();
        closeHosts();
    }

    private void closeHosts() throws Exception {
        for (SimulatedHost h : hosts.values()) {
            h.close();
        }
        zk.close();
        for (ZkRelay relay : relays) {
            relay.close();
        }
    }
}
