package io.virtkit.xen.internal;

import java.time.Duration;
import java.util.List;

import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.xen.internal.XenDomainChanges.Change;

/**
 * Lifecycle events of a xen:// connection's domains, whoever changed them (this connection, another Virtkit,
 * {@code xl} typed on the host): the host's domains are read in one round trip ({@link XenInventory}) when
 * xenstore says a domain came or went ({@link XenStoreWatch}) and every {@link #POLL_INTERVAL} besides (pause and
 * unpause fire no xenstore watch, and definitions are files), and each snapshot is compared with the last
 * ({@link XenDomainChanges}). This is the connection's one source of domain events: its operations report none,
 * so a change is reported once however it was made.
 *
 * <p>It runs only for a connection someone listens to ({@link ConnectionEvents#whenDomainEventsWanted}): a
 * connection nobody listens to costs the host no watch and no polling. A poll that fails (the host unreachable) is
 * tried again at the next interval; what changed meanwhile is reported by the next snapshot that succeeds.
 */
final class XenDomainEvents implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(XenDomainEvents.class.getName());
    /** Pause and unpause are seen by polling alone: within this long (one round trip each, only while listened). */
    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    private final XenContext context;
    private final XenInventory inventory;
    private final XlDaemonLogs logs;
    private final ConnectionEvents events;
    private final XenDomainChanges changes = new XenDomainChanges(); // the polling thread's (begin's before it runs)
    private final XenStoreWatch watch;
    private final Thread thread;
    private final Object lock = new Object();
    private boolean begun; // guarded by lock
    private boolean closed; // guarded by lock
    private boolean fired; // guarded by lock
    private volatile long polls;

    private XenDomainEvents(XenContext context, XenInventory inventory, ConnectionEvents events) {
        this.context = context;
        this.inventory = inventory;
        this.logs = new XlDaemonLogs(context.xl);
        this.events = events;
        this.watch = new XenStoreWatch(context.channel, this::fired);
        this.thread = new Thread(this::run, "virtkit-xen-events " + context.channel.describe());
        this.thread.setDaemon(true);
    }

    /**
     * The events of a connection, begun when core says someone listens, or at once for a sink that cannot say.
     */
    static XenDomainEvents watchWhenWanted(XenContext context, XenInventory inventory, ConnectionEvents events) {
        XenDomainEvents watcher = new XenDomainEvents(context, inventory, events);
        if (!events.whenDomainEventsWanted(watcher::begin)) {
            watcher.begin();
        }
        return watcher;
    }

    /**
     * Begins (once; not after close): the first snapshot is read before this returns, so every change after it is
     * reported; then the watch and the polling start.
     */
    void begin() {
        synchronized (lock) {
            if (closed || begun) {
                return;
            }
            begun = true;
        }
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read the domains of Xen host " + context.channel.describe()
                    + " yet (retrying): " + e.getMessage());
        }
        watch.start();
        thread.start();
    }

    /** Whether someone listened and the events began; for tests. */
    boolean begun() {
        synchronized (lock) {
            return begun;
        }
    }

    /** The xenstore watch; for tests. */
    XenStoreWatch watch() {
        return watch;
    }

    /** How many snapshots were compared; for tests. */
    long polls() {
        return polls;
    }

    private void fired() {
        synchronized (lock) {
            fired = true;
            lock.notifyAll();
        }
    }

    private void run() {
        boolean failing = false;
        while (true) {
            synchronized (lock) {
                long deadline = System.nanoTime() + POLL_INTERVAL.toNanos();
                try {
                    for (long left = POLL_INTERVAL.toNanos(); !fired && !closed && left > 0;
                            left = deadline - System.nanoTime()) {
                        lock.wait(Math.max(1, left / 1_000_000));
                    }
                } catch (InterruptedException e) {
                    return; // only close interrupts
                }
                if (closed) {
                    return;
                }
                fired = false;
            }
            try {
                poll();
                failing = false;
            } catch (RuntimeException e) {
                if (isClosed()) {
                    return;
                }
                // said once per outage: an unreachable host would otherwise log every second
                LOG.log(failing ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
                        "cannot read the domains of Xen host " + context.channel.describe() + " (retrying): "
                                + e.getMessage());
                failing = true;
            }
        }
    }

    private void poll() {
        List<XenDomain> now = inventory.read(); // never a reused read: a watch that fired wants what is now
        for (Change change : changes.update(now, logs, System.nanoTime())) {
            if (isClosed()) {
                return;
            }
            events.report(change.domain(), change.detail());
        }
        polls++;
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** Stops the watch on the host and the polling thread. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        watch.close();
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
