package io.virtkit.qemu.internal.qmp;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Hands one {@link QmpClient}'s events to its sink, in the order QEMU sent them, one at a time and never on
 * the reading thread, then its {@code onDisconnect} once after the last event; and lets a command wait until
 * the events sent before its reply have been through the sink (see {@link QmpClient} and
 * {@link QmpEventSequence} for why that wait cannot deadlock).
 */
final class QmpEventDelivery {
    private static final System.Logger LOG = System.getLogger(QmpEventDelivery.class.getName());

    private final Path socket;
    private final Consumer<QmpEvent> sink;
    private final Runnable onDisconnect;
    /** Runs the sink and onDisconnect, in order, one at a time. */
    private final QmpMonitors.Serial dispatcher;
    private final QmpEventSequence order = new QmpEventSequence();
    /** Completed once the last event and onDisconnect have been delivered. */
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    /**
     * @param socket       the monitor socket, for log messages
     * @param sink         gets every event; null for none
     * @param onDisconnect runs once at the end, when {@link #end(boolean)} asks it to; null for nothing
     */
    QmpEventDelivery(Path socket, Consumer<QmpEvent> sink, Runnable onDisconnect, QmpMonitors.Serial dispatcher) {
        this.socket = socket;
        this.sink = sink == null ? e -> { } : sink;
        this.onDisconnect = onDisconnect == null ? () -> { } : onDisconnect;
        this.dispatcher = dispatcher;
    }

    /** Queues {@code event} behind those read before it (reading thread only). */
    void deliver(QmpEvent event) {
        long number = order.read();
        try {
            dispatcher.execute(() -> order.deliver(number, () -> {
                try {
                    sink.accept(event);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "QMP event sink failed on " + event.name() + " from " + socket, e);
                }
            }));
        } catch (RejectedExecutionException e) {
            // closed concurrently: events after the end are not delivered, so nobody may wait for this one
            order.finished(number);
        }
    }

    /** The number of the last event read, for a reply read now (reading thread only). */
    long lastRead() {
        return order.lastRead();
    }

    /**
     * Waits (bounded by {@code timeout}) until the sink has handled every event up to {@code number}; when
     * it has not by then, logs a warning and returns: the command did run in QEMU. Keeps an interrupt.
     */
    void awaitHandled(long number, String command, Duration timeout) {
        try {
            if (!order.await(number, Math.max(0, timeout.toNanos()))) {
                LOG.log(Level.WARNING, "QEMU command ''{0}'' on {1}: the events sent before its reply were not "
                        + "handled within {2} ms; returning its reply without them", command, socket,
                        timeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the command did run: return its reply, keep the flag
        }
    }

    /**
     * The connection ended: after the events already queued, runs onDisconnect (when {@code notify}), then
     * releases every waiter; accepts nothing more. Never blocks.
     */
    void end(boolean notify) {
        try {
            dispatcher.execute(() -> {
                try {
                    if (notify) {
                        onDisconnect.run();
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "QMP disconnect handler failed for " + socket, e);
                } finally {
                    ended.complete(null);
                    order.finishAll(); // nothing more will be delivered: release every waiter
                }
            });
        } catch (RejectedExecutionException e) {
            ended.complete(null);
            order.finishAll();
        } finally {
            dispatcher.shutdown();
        }
    }

    /** True when the end, after every event before it, has been delivered within {@code timeout}. */
    boolean awaitEnded(Duration timeout) throws InterruptedException {
        try {
            ended.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }
}
