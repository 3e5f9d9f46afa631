package io.virtkit.cluster.internal.zk;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;

/**
 * Proves the ensemble still hears this host: while connected, a {@code checkExists} of /hosts/self every
 * {@code timeout/6}; the send time of the last one answered is {@link #lastContactNanos()}, from which
 * self-fencing counts (the ensemble cannot have expired the session before that time plus the timeout).
 */
final class Heartbeat {
    private final CuratorFramework curator;
    private final String path;
    private final BooleanSupplier connected;
    private final AtomicLong lastContact = new AtomicLong(-1);

    Heartbeat(CuratorFramework curator, String path, BooleanSupplier connected) {
        this.curator = curator;
        this.path = path;
        this.connected = connected;
    }

    void schedule(ScheduledExecutorService timer, long periodMs) {
        timer.scheduleWithFixedDelay(this::beat, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    /** One heartbeat now, if connected (also right after a (re)connection). */
    void beat() {
        if (!connected.getAsBoolean()) {
            return;
        }
        long sent = System.nanoTime();
        try {
            curator.checkExists().inBackground((client, event) -> {
                KeeperException.Code rc = KeeperException.Code.get(event.getResultCode());
                if (rc == KeeperException.Code.OK || rc == KeeperException.Code.NONODE) {
                    lastContact.accumulateAndGet(sent, Math::max);
                }
            }).forPath(path);
        } catch (Exception e) {
            // closed or not started: no contact to record
        }
    }

    long lastContactNanos() {
        return lastContact.get();
    }
}
