package io.virtkit.cluster.internal.ha;

import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;

import io.virtkit.api.Registration;
import io.virtkit.api.VirtException;
import io.virtkit.api.cluster.ClusterStatus;
import io.virtkit.cluster.internal.zk.ClusterSession;
import io.virtkit.cluster.internal.zk.TestSessions;

/**
 * A test session with the two things of the session contract HA relies on that {@link TestSessions.Session} leaves
 * out: {@code lastContactNanos} is the send time of the last request the ensemble answered (a heartbeat every
 * timeout/6, as the real session's), and a reconnection on another session id is reported as NEW_SESSION.
 */
final class HeartbeatSession implements ClusterSession {
    private final TestSessions.Session session;
    private final ScheduledExecutorService heartbeat;
    private final CopyOnWriteArrayList<Consumer<SessionChange>> listeners = new CopyOnWriteArrayList<>();
    private volatile long lastContact = -1;
    private volatile long knownSessionId;

    HeartbeatSession(TestSessions.Session session) {
        this.session = session;
        this.knownSessionId = session.sessionId();
        session.onChange(this::changed);
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heartbeat-" + session.hostname());
            t.setDaemon(true);
            return t;
        });
        long period = session.sessionTimeoutMs() / 6;
        heartbeat.scheduleAtFixedRate(this::beat, 0, period, TimeUnit.MILLISECONDS);
    }

    private void beat() {
        long sent = System.nanoTime();
        try {
            session.curator().getZookeeperClient().getZooKeeper().exists("/", false, (rc, path, ctx, stat) -> {
                if (rc == KeeperException.Code.OK.intValue()) {
                    lastContact = Math.max(lastContact, sent);
                }
            }, null);
        } catch (Exception e) {
            // no handle now: no contact
        }
    }

    private void changed(SessionChange change) {
        SessionChange reported = change;
        if (change == SessionChange.CONNECTED || change == SessionChange.RECONNECTED) {
            long id = session.sessionId();
            if (change == SessionChange.RECONNECTED && id != knownSessionId) {
                reported = SessionChange.NEW_SESSION;
            }
            knownSessionId = id;
        }
        for (Consumer<SessionChange> l : listeners) {
            l.accept(reported);
        }
    }

    void close() {
        heartbeat.shutdownNow();
    }

    @Override
    public long lastContactNanos() {
        return lastContact;
    }

    @Override
    public Registration onChange(Consumer<SessionChange> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public CuratorFramework curator() {
        return session.curator();
    }

    @Override
    public UUID hostUuid() {
        return session.hostUuid();
    }

    @Override
    public String hostname() {
        return session.hostname();
    }

    @Override
    public ClusterStatus status() {
        return session.status();
    }

    @Override
    public boolean hasQuorum() {
        return session.hasQuorum();
    }

    @Override
    public int sessionTimeoutMs() {
        try {
            int granted = session.curator().getZookeeperClient().getZooKeeper().getSessionTimeout();
            return granted > 0 ? granted : session.sessionTimeoutMs();
        } catch (Exception e) {
            return session.sessionTimeoutMs();
        }
    }

    @Override
    public long sessionId() {
        return session.sessionId();
    }

    @Override
    public VirtException noQuorum(String what) {
        return session.noQuorum(what);
    }
}
