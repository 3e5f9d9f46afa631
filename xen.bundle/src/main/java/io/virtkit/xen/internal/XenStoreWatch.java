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
 * <p>Nothing stays behind on the host: the command prints its shell's and watchers' process ids, which are killed
 * by id (one round trip, on a new session if the old one was lost) when the watch stops or breaks; and the shell
 * kills its watchers when its input ends (the channel closed, the session gone). Neither dropbear nor OpenSSH
 * signals a command without a terminal, and an idle watcher would only notice its closed output at its next event.
 * A host without {@code xenstore-watch} says so once; the caller's polling is all there is then.
 */
final class XenStoreWatch implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(XenStoreWatch.class.getName());
    static final String UNAVAILABLE = "@@VIRTKIT-NO-XENSTORE-WATCH";
    static final String PIDS = "@@VIRTKIT-WATCH-PIDS ";
    static final String COMMAND = "command -v xenstore-watch >/dev/null 2>&1 || { echo " + UNAVAILABLE
            + "; exit 127; }; xenstore-watch @introduceDomain & a=$!; xenstore-watch @releaseDomain & b=$!; "
            + "trap 'kill $a $b 2>/dev/null' EXIT HUP TERM; echo \"" + PIDS + "$$ $a $b\"; cat >/dev/null";
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);
    private static final long FIRST_PAUSE_MILLIS = 500;
    private static final long LONGEST_PAUSE_MILLIS = 30_000;
    /** A watch that ran this long before it ended was no failure: the next one starts after the first pause. */
    private static final Duration HEALTHY = Duration.ofSeconds(10);

    private final XenChannel channel;
    private final Runnable fired;
    private final Thread thread;
    private final Object lock = new Object();
    private RunningCommand current; // guarded by lock
    private String pids = ""; // guarded by lock: the host's shell and watchers of the current command
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
                if (line.startsWith(PIDS)) {
                    synchronized (lock) {
                        pids = line.substring(PIDS.length()).strip();
                    }
                    continue;
                }
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

    /**
     * Stops a watch: its processes are killed by their ids (one round trip; the session may be a new one after the
     * old was lost), and the end of its input tells the host's shell to kill them if that could not be done.
     */
    private void stop(RunningCommand command) {
        String ids;
        synchronized (lock) {
            if (current != command) {
                return;
            }
            current = null;
            ids = pids;
            pids = "";
        }
        try {
            command.stdin().close();
        } catch (IOException e) {
            // the channel is gone already: so is the input
        }
        command.close();
        if (!ids.matches("[0-9 ]+")) {
            return;
        }
        try {
            // only processes of this watch: a process id the host gave to another program since is left alone
            channel.run("for p in " + ids + "; do grep -qs xenstore-watch /proc/$p/cmdline && kill $p; done; true",
                    KILL_TIMEOUT);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot stop the xenstore watch on " + channel.describe()
                    + " (its input's end will): " + e.getMessage());
        }
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
