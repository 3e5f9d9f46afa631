package io.virtkit.cluster.internal.zk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.retry.RetryUntilElapsed;
import org.junit.jupiter.api.Test;

class ZkResourcesTest {

    /**
     * The shutdown of a host alone: a started cache on a client that never reached a quorum blocks its close for the
     * client's retries (the namespace's root first); the deactivation must not wait for it.
     */
    @Test
    void withoutQuorumTheCloseDoesNotWaitAndEndsWithTheClient() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed below: nothing answers there
        }
        CuratorFramework client = CuratorFrameworkFactory.builder().connectString("127.0.0.1:" + port)
                .sessionTimeoutMs(10_000).connectionTimeoutMs(2000).retryPolicy(new RetryUntilElapsed(10_000, 250))
                .namespace("virtkit").build();
        client.start();
        TestSessions.Session alone = new TestSessions.Session(client, UUID.randomUUID(), "alone", 10_000);
        CuratorCache cache = CuratorCache.build(client, ZkPaths.GUESTS);
        cache.start();
        try {
            long t0 = System.nanoTime();
            ZkResources.close(alone, "test-alone", cache);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
            Thread closer = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("virtkit-cluster-close-test-alone")).findFirst().orElse(null);
            assertThat(closer).as("the closing thread, still waiting for the ensemble").isNotNull();
            assertThat(closer.isDaemon()).isTrue();
            client.close();
            closer.join(10_000);
            assertThat(closer.isAlive()).as("the closing thread once the client is closed").isFalse();
        } finally {
            client.close();
        }
    }

    @Test
    void withQuorumEverythingIsClosedBeforeItReturnsInOrder() throws Exception {
        try (TestSessions sessions = new TestSessions()) {
            TestSessions.Session host = sessions.host("h1");
            // connected, but the session learns it on Curator's event thread
            Await.until(Duration.ofSeconds(20), "the session to see its quorum", host::hasQuorum);
            CuratorCache cache = CuratorCache.build(host.curator(), ZkPaths.GUESTS);
            cache.start();
            AtomicReference<Thread> closedOn = new AtomicReference<>();
            StringBuilder order = new StringBuilder();
            ZkResources.close(host, "test-quorum", () -> order.append("first "), cache, () -> {
                closedOn.set(Thread.currentThread());
                order.append("last");
            });
            assertThat(closedOn.get()).isSameAs(Thread.currentThread());
            assertThat(order).hasToString("first last");
        }
    }
}
