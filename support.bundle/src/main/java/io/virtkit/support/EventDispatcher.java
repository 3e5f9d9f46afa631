package io.virtkit.support;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import io.virtkit.api.Registration;

/**
 * Delivers events to the listeners registered with it, asynchronously and in the order they were
 * dispatched, on one thread of its own: a driver calls {@link #dispatch} while it still holds the lock
 * of the change that caused the event (so events of concurrent changes keep their order) and the
 * listeners run later, outside that lock, so they may call back into the driver.
 *
 * <p>Each event goes to the listeners registered when it was dispatched and still registered when it
 * is delivered: closing a {@link Registration} or the dispatcher stops delivery at once, even of
 * events already queued. A listener that throws is logged and does not disturb the others. The
 * thread is started with the first listener, so a dispatcher nobody listens to costs nothing.
 *
 * @param <E> the event type
 */
public final class EventDispatcher<E> implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EventDispatcher.class.getName());

    private final String threadName;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private ExecutorService executor; // guarded by this
    private boolean closed; // guarded by this

    /** @param threadName the name of the delivery thread, for thread dumps ("virtkit-events test:///default") */
    public EventDispatcher(String threadName) {
        this.threadName = Objects.requireNonNull(threadName, "threadName");
    }

    /**
     * Registers {@code listener} for events dispatched from now on.
     *
     * @throws IllegalStateException once the dispatcher is closed
     */
    public Registration addListener(Consumer<? super E> listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("event dispatcher is closed");
            }
            if (executor == null) {
                executor = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, threadName);
                    t.setDaemon(true);
                    return t;
                });
            }
        }
        Subscription subscription = new Subscription(listener);
        subscriptions.add(subscription);
        return subscription;
    }

    /** Whether any listener is registered: lets a driver skip building events nobody will see. */
    public boolean hasListeners() {
        return !subscriptions.isEmpty();
    }

    /** Queues {@code event} for every listener registered now; returns at once. Ignored once closed. */
    public void dispatch(E event) {
        Objects.requireNonNull(event, "event");
        List<Subscription> targets = List.copyOf(subscriptions);
        if (targets.isEmpty()) {
            return;
        }
        synchronized (this) {
            if (closed || executor == null) {
                return;
            }
            try {
                executor.execute(() -> deliver(targets, event));
            } catch (RejectedExecutionException e) {
                // closed concurrently: nothing is delivered after close
            }
        }
    }

    private void deliver(List<Subscription> targets, E event) {
        for (Subscription s : targets) {
            if (s.active && !isClosed()) {
                try {
                    s.listener.accept(event);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "event listener " + s.listener + " failed on " + event, e);
                }
            }
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /** Drops every listener and stops the thread; queued events are not delivered. Idempotent. */
    @Override
    public void close() {
        ExecutorService toStop;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = executor;
            executor = null;
        }
        for (Subscription s : subscriptions) {
            s.active = false;
        }
        subscriptions.clear();
        if (toStop != null) {
            toStop.shutdownNow();
        }
    }

    private final class Subscription implements Registration {
        final Consumer<? super E> listener;
        volatile boolean active = true;

        Subscription(Consumer<? super E> listener) {
            this.listener = listener;
        }

        @Override
        public void close() {
            active = false;
            subscriptions.remove(this);
        }
    }
}
