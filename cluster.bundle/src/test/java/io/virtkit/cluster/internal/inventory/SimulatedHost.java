package io.virtkit.cluster.internal.inventory;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.virtkit.api.Connection;
import io.virtkit.api.cluster.ClusterEvent;
import io.virtkit.cluster.internal.ClusterConfig;
import io.virtkit.cluster.internal.ClusterEventBus;
import io.virtkit.cluster.internal.zk.TestSessions;
import io.virtkit.core.internal.DefaultConnectionFactory;
import io.virtkit.test.internal.TestDriver;

/**
 * One simulated cluster host in a test: its own session on the shared test ZooKeeper, its own test driver (one
 * {@code test:///default} state per driver instance, so each host has domains of its own) reached through core's
 * connection factory, its own event bus, and the inventory component over them as DS would build it.
 */
final class SimulatedHost implements AutoCloseable {
    final TestSessions.Session session;
    final TestDriver driver = new TestDriver();
    final DefaultConnectionFactory factory = new DefaultConnectionFactory();
    final ClusterEventBus bus = new ClusterEventBus();
    final List<ClusterEvent> events = new CopyOnWriteArrayList<>();
    final InventoryComponent inventory;
    /** The test's own connection to this host's driver, to change its domains as a user would. */
    final Connection user;

    SimulatedHost(TestSessions zk, String name, String uris, boolean driverPresent) throws InterruptedException {
        this(zk, name, uris, driverPresent, InventoryCodec.SHARD_ABOVE);
    }

    SimulatedHost(TestSessions zk, String name, String uris, boolean driverPresent, int shardAbove)
            throws InterruptedException {
        this.session = zk.host(name);
        if (driverPresent) {
            factory.withHypervisorDriver(driver);
        }
        bus.add(events::add);
        this.inventory = new InventoryComponent(config(Map.of("uris", uris)), session, factory, bus, shardAbove);
        this.user = driverPresent ? factory.open("test:///default") : null;
    }

    SimulatedHost(TestSessions zk, String name) throws InterruptedException {
        this(zk, name, "test:///default", true);
    }

    static String xml(String name) {
        return "<domain type='test'><name>" + name + "</name><memory>1024</memory><os><type>hvm</type></os></domain>";
    }

    @Override
    public void close() throws Exception {
        inventory.close();
        if (user != null) {
            user.close();
        }
        driver.close();
        bus.close();
    }

    /** The configuration annotation with its defaults, {@code values} overriding some keys. */
    static ClusterConfig config(Map<String, Object> values) {
        return (ClusterConfig) Proxy.newProxyInstance(ClusterConfig.class.getClassLoader(),
                new Class<?>[] {ClusterConfig.class}, (proxy, method, args) -> {
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    if (method.getDefaultValue() != null) {
                        return method.getDefaultValue();
                    }
                    return switch (method.getName()) {
                        case "annotationType" -> ClusterConfig.class;
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "ClusterConfig" + values;
                    };
                });
    }
}
