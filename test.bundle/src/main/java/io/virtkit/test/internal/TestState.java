package io.virtkit.test.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.NetworkEventType;
import io.virtkit.api.NodeInfo;
import io.virtkit.api.StoragePoolEventType;
import io.virtkit.api.driver.NetworkRef;
import io.virtkit.api.driver.StoragePoolRef;

/**
 * One fake hypervisor, libvirt's {@code testDriver}: its node, its {@link TestDomains domains}, its
 * {@link TestNetworks networks}, its {@link TestStorage storage pools} and the connections that watch them.
 * test:///default has one shared by every connection ({@link DefaultTestHost}); a node file gives each
 * connection its own ({@link NodeFile}).
 * Each table guards itself and reports its changes here while holding its lock; they go to every attached
 * connection's queue in the order of the changes and are delivered later, on the dispatchers' threads.
 */
final class TestState {

    private final NodeInfo nodeInfo;
    private final String capabilities;
    private final List<TestConnection> connections = new CopyOnWriteArrayList<>();
    private final TestDomains domains;
    private final TestNetworks networks;
    private final TestStorage storage;

    TestState(NodeInfo nodeInfo, String capabilities, LongSupplier clock) {
        this.nodeInfo = nodeInfo;
        this.capabilities = capabilities;
        this.domains = new TestDomains(clock, this::report);
        this.networks = new TestNetworks(this::report);
        this.storage = new TestStorage(this::report);
    }

    NodeInfo nodeInfo() {
        return nodeInfo;
    }

    String capabilities() {
        return capabilities;
    }

    TestDomains domains() {
        return domains;
    }

    TestNetworks networks() {
        return networks;
    }

    TestStorage storage() {
        return storage;
    }

    void attach(TestConnection connection) {
        connections.add(connection);
    }

    /** Forgets {@code connection} and destroys the domains it started with AUTODESTROY. */
    void detach(TestConnection connection) {
        connections.remove(connection);
        domains.autodestroy(connection);
    }

    private void report(TestDomains.Ref domain, DomainEventDetail detail) {
        for (TestConnection c : connections) {
            c.deliver(domain, detail);
        }
    }

    private void report(NetworkRef network, NetworkEventType type) {
        for (TestConnection c : connections) {
            c.deliver(network, type);
        }
    }

    private void report(StoragePoolRef pool, StoragePoolEventType type) {
        for (TestConnection c : connections) {
            c.deliver(pool, type);
        }
    }
}
