package io.virtkit.cluster.internal.zk;

import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.RetryForever;
import org.apache.curator.test.TestingServer;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.Registration;
import io.virtkit.api.VirtException;
import io.virtkit.api.cluster.ClusterMode;
import io.virtkit.api.cluster.ClusterStatus;

/**
 * Test sessions: an in-process ZooKeeper ({@link TestingServer}, plain TCP, no ACLs) and {@link ClusterSession}s on
 * it, one per simulated host, for the tests of the components above the session. The real session (TLS, ACLs,
 * embedded peers, heartbeat) is tested by its own tests.
 */
public final class TestSessions implements AutoCloseable {
    private final TestingServer server;
    private final CopyOnWriteArrayList<Session> sessions = new CopyOnWriteArrayList<>();

    public TestSessions() throws Exception {
        this.server = new TestingServer(true);
    }

    public TestingServer server() {
        return server;
    }

    /** A new host's session, connected before it returns. */
    public Session host(String hostname) throws InterruptedException {
        return host(hostname, UUID.randomUUID(), 4000);
    }

    public Session host(String hostname, UUID uuid, int sessionTimeoutMs) throws InterruptedException {
        return host(hostname, uuid, sessionTimeoutMs, server.getConnectString());
    }

    /**
     * A new host's session reaching the server at {@code connectString} (a test's TCP relay in front of
     * {@link #server()}, to cut one host off while the others stay connected).
     */
    public Session host(String hostname, UUID uuid, int sessionTimeoutMs, String connectString)
            throws InterruptedException {
        CuratorFramework client = CuratorFrameworkFactory.builder().connectString(connectString)
                .sessionTimeoutMs(sessionTimeoutMs).connectionTimeoutMs(2000).retryPolicy(new RetryForever(200))
                .namespace("virtkit").build();
        Session s = new Session(client, uuid, hostname, sessionTimeoutMs);
        client.getConnectionStateListenable().addListener((c, state) -> s.changed(state));
        client.start();
        if (!client.blockUntilConnected(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("test ZooKeeper unreachable");
        }
        sessions.add(s);
        return s;
    }

    @Override
    public void close() throws Exception {
        for (Session s : sessions) {
            s.curator().close();
        }
        server.close();
    }

    /** A {@link ClusterSession} over a plain Curator client; lastContactNanos follows Curator's connection state. */
    public static final class Session implements ClusterSession {
        private final CuratorFramework curator;
        private final UUID uuid;
        private final String hostname;
        private final int timeout;
        private final CopyOnWriteArrayList<Consumer<SessionChange>> listeners = new CopyOnWriteArrayList<>();
        private volatile boolean connected;
        private volatile long lastContact = -1;

        Session(CuratorFramework curator, UUID uuid, String hostname, int timeout) {
            this.curator = curator;
            this.uuid = uuid;
            this.hostname = hostname;
            this.timeout = timeout;
        }

        void changed(ConnectionState state) {
            connected = state.isConnected();
            if (connected) {
                lastContact = System.nanoTime();
            }
            SessionChange change = switch (state) {
                case CONNECTED -> SessionChange.CONNECTED;
                case SUSPENDED, READ_ONLY -> SessionChange.SUSPENDED;
                case RECONNECTED -> SessionChange.RECONNECTED;
                case LOST -> SessionChange.LOST;
            };
            listeners.forEach(l -> l.accept(change));
        }

        @Override
        public CuratorFramework curator() {
            return curator;
        }

        @Override
        public UUID hostUuid() {
            return uuid;
        }

        @Override
        public String hostname() {
            return hostname;
        }

        @Override
        public ClusterStatus status() {
            return new ClusterStatus(ClusterMode.EXTERNAL, connected, uuid, hostname,
                    curator.getZookeeperClient().getCurrentConnectionString(), connected ? "" : "no quorum");
        }

        @Override
        public boolean hasQuorum() {
            return connected;
        }

        @Override
        public int sessionTimeoutMs() {
            return timeout;
        }

        @Override
        public long lastContactNanos() {
            return connected ? System.nanoTime() : lastContact;
        }

        @Override
        public long sessionId() {
            try {
                return curator.getZookeeperClient().getZooKeeper().getSessionId();
            } catch (Exception e) {
                return 0;
            }
        }

        @Override
        public Registration onChange(Consumer<SessionChange> listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }

        @Override
        public VirtException noQuorum(String what) {
            return new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NONE, "cluster has no quorum: " + what);
        }
    }
}
