package io.virtkit.shell.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;

/**
 * Waits for a cluster operation (start, stop, migrate) that another host carries out: the call runs on a thread of
 * its own while the command's thread shows how long it has been going ("\rMigration: 4 s", rewritten in place on a
 * terminal only, as {@link TransferProgress}). The cluster reports no percentage of a migration run by another host,
 * so the elapsed time is what there is to show. Ctrl-C (Karaf interrupts the command's thread) stops the waiting,
 * not the operation: the cluster offers no abort, and the request is already with the host doing it, so the command
 * says that it goes on and where to look. The command's thread alone prints: its {@code System.out} is the session's.
 */
final class ClusterOperationWatch {

    /** How often the elapsed time is refreshed, virsh's half second for its job progress. */
    static final Duration POLL = Duration.ofMillis(500);

    private final String label;
    private final PrintStream out;
    private final Duration poll;
    private final LongSupplier nanoTime;
    private long shown = -1;

    ClusterOperationWatch(String label, PrintStream out, Duration poll, LongSupplier nanoTime) {
        this.label = label;
        this.out = out;
        this.poll = poll;
        this.nanoTime = nanoTime;
    }

    /** A watch printing to the session when it is a terminal, or always with {@code verbose}. */
    static ClusterOperationWatch of(Session session, boolean verbose, String label) {
        return new ClusterOperationWatch(label, verbose || TransferProgress.isTerminal(session) ? System.out : null,
                POLL, System::nanoTime);
    }

    /**
     * The call's answer, once it has ended; its runtime failure (a {@link io.virtkit.api.VirtException}) is
     * rethrown here.
     *
     * @param stillGoing what the operation is, for the line printed when the waiting is given up ("the
     *                   migration of guest 'web'")
     * @throws CommandException on Ctrl-C: "error: stopped waiting: the cluster goes on with …"
     */
    <T> T run(String threadName, String stillGoing, Supplier<T> call) throws CommandException {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(call.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, threadName);
        thread.setDaemon(true);
        long start = nanoTime.getAsLong();
        thread.start();
        try {
            while (true) {
                try {
                    return result.get(poll.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    show(TimeUnit.NANOSECONDS.toSeconds(nanoTime.getAsLong() - start));
                } catch (InterruptedException e) {
                    // Ctrl-C. The interrupt has served its purpose and is not re-asserted, as in virt:event.
                    throw Errors.of("stopped waiting: the cluster goes on with " + stillGoing
                            + "; virt:cluster-list --guests shows where it runs");
                } catch (ExecutionException e) {
                    throw rethrown(e.getCause());
                }
            }
        } finally {
            if (shown >= 0) {
                out.println();
                out.flush();
            }
        }
    }

    private void show(long seconds) {
        if (out == null || seconds == shown) {
            return;
        }
        shown = seconds;
        out.print("\r" + label + ": " + seconds + " s");
        out.flush();
    }

    private static RuntimeException rethrown(Throwable failure) {
        if (failure instanceof RuntimeException r) {
            return r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(failure);
    }
}
