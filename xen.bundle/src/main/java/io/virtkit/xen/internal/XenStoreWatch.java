package io.virtkit.xen.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.virtkit.xen.internal.channel.RunningCommand;
import io.virtkit.xen.internal.channel.XenChannel;

/**
 * xenstore's watches of domains coming and going on the Xen host ({@code @introduceDomain}, and
 * {@code @releaseDomain}, which xenstored fires when a domain shuts down, crashes or dies), run over the channel
 * with Debian's {@code xenstore-watch} (xenstore-utils); each line it prints calls {@code fired}. A daemon thread
 * reads it; a watch that ends (the SSH session lost, xenstored restarted) is started again with a growing pause,
 * and each new start fires once, so the caller looks at what changed while none ran.
 *
 * <p>The command on the host reads its standard input to the end and then kills its watchers: a closed exec
 * channel ends the input (dropbear and OpenSSH send no signal without a terminal, and an idle watcher would only
 * notice the closed output at its next event), so nothing stays behind on the host after {@link #close()} or a
 * lost session. A host without {@code xenstore-watch} says so once; the caller's polling is all there is then.
 */
final class XenStoreWatch implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(XenStoreWatch.class.getName());
    static final String UNAVAILABLE = "@@VIRTKIT-NO-XENSTORE-WATCH";
    static final String COMMAND = "command -v xenstore-watch >/dev/null 2>&1 || { echo " + UNAVAILABLE
            + "; exit 127; }; xenstore-watch @introduceDomain & a=$!; xenstore-watch @releaseDomain & b=$!; "
            + "cat >/dev/null; kill $a $b 2>/dev/null";
    private static final long FIRST_PAUSE_MILLIS = 500;
    private static final long LONGEST_PAUSE_MILLIS = 30_000;
    /** A watch that ran this long before it ended was no failure: the next one starts after the first pause. */
    private static final Duration HEALTHY = Duration.ofSeconds(10);

    private final XenChannel channel;
    private final Runnable fired;
    private final Thread thread;
    private final Object lock = new Object();
    private RunningCommand current; // guarded by lock
    private boolean closed; // guarded by lock
    private volatile long starts;
    private volatile boolean unavailable;

    XenStoreWatch(XenChannel channel, Runnable fired) {
        this.channel = channel;
        this.fired = fired;
        this.thread = new Thread(this::run, "virtkit-xenstore-watch " + channel.describe());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** How many times the watch was started on the host; for tests. */
    long starts() {
        return starts;
    }

    /** Whether the host has no {@code xenstore-watch} (the caller only polls). */
    boolean unavailable() {
        return unavailable;
    }

    private void run() {
        long pause = FIRST_PAUSE_MILLIS;
        while (!isClosed()) {
            long began = System.nanoTime();
            try {
                if (!watchOnce()) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                if (isClosed()) {
                    return;
                }
                LOG.log(pause == FIRST_PAUSE_MILLIS ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                        "the xenstore watch on " + channel.describe() + " broke (started again): " + e.getMessage());
            }
            if (System.nanoTime() - began >= HEALTHY.toNanos()) {
                pause = FIRST_PAUSE_MILLIS;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return; // only close interrupts
            }
            pause = Math.min(LONGEST_PAUSE_MILLIS, pause * 2);
        }
    }

    /** One watch, read to its end; false when there is none to be had (closed, or no xenstore-watch on the host). */
    private boolean watchOnce() throws IOException {
        RunningCommand command = channel.start(COMMAND);
        synchronized (lock) {
            if (closed) {
                command.close();
                return false;
            }
            current = command;
        }
        starts++;
        fired.run(); // what changed while no watch ran
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(command.stdout(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.equals(UNAVAILABLE)) {
                    unavailable = true;
                    LOG.log(System.Logger.Level.INFO, "no xenstore-watch on " + channel.describe()
                            + " (Debian's xenstore-utils): domain events come from polling alone");
                    return false;
                }
                fired.run();
            }
        } finally {
            stop(command);
        }
        return true;
    }

    private void stop(RunningCommand command) {
        synchronized (lock) {
            if (current == command) {
                current = null;
            }
        }
        try {
            command.stdin().close(); // the end of input makes the host's side kill its watchers
        } catch (IOException e) {
            // the channel is gone already: so is the input
        }
        command.close();
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** Stops the watch on the host and the thread. */
    @Override
    public void close() {
        RunningCommand command;
        synchronized (lock) {
            closed = true;
            command = current;
        }
        if (command != null) {
            stop(command);
        }
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
