package io.virtkit.cluster.internal.ha;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.Registration;
import io.virtkit.api.cluster.ClusterEventType;
import io.virtkit.cluster.internal.ClusterConfig;
import io.virtkit.cluster.internal.ClusterEventBus;
import io.virtkit.cluster.internal.guests.LocalLeases;
import io.virtkit.cluster.internal.guests.LocalLeases.Held;
import io.virtkit.cluster.internal.ha.GuestDestroyer.Outcome;
import io.virtkit.cluster.internal.zk.ClusterSession;
import io.virtkit.cluster.internal.zk.ClusterSession.SessionChange;

/**
 * The self-fencing watchdog (Proxmox's idea, in software): a host that has not heard the ensemble for fenceAfter
 * destroys the domains of the HA guests it holds leases of, before the ensemble can expire its session and let
 * another host restart them (the timing argument is in this package's documentation). Its own thread ticks every
 * 100 ms, never Curator's, so it fences also while Curator's threads wait on a dead connection. Destroys run on
 * threads of their own and are waited for until the session may expire: a hung destroy never stops the watchdog.
 * Non-HA guests keep running; it says so. A session reported LOST or replaced (NEW_SESSION) fences at once the HA
 * guests held at that moment (taken there, on Curator's thread, so the agent's own reaction to the new session
 * cannot hide them): their leases are gone already. Once a guest is to be stopped it is stopped: a destroy that
 * failed is tried again every second until it succeeds, whatever the session does meanwhile.
 */
@Component(service = {}, immediate = true, configurationPid = "io.virtkit.cluster")
public final class SelfFencing {
    private static final System.Logger LOG = System.getLogger(SelfFencing.class.getName());
    static final long TICK_MS = 100;
    /** The least a fence waits for its destroys, also when the session's expiry is already past (LOST). */
    private static final long MIN_WAIT_NANOS = MILLISECONDS.toNanos(500);
    /** A guest whose destroy failed is tried again this much later (it is still held, it may still run). */
    private static final long RETRY_NANOS = MILLISECONDS.toNanos(1000);
    /** A tick this much later than due is worth a warning: fencing comes as late (a long pause of the JVM?). */
    private static final long LATE_TICK_NANOS = MILLISECONDS.toNanos(1000);

    private final ClusterSession session;
    private final LocalLeases leases;
    private final ClusterEventBus events;
    private final GuestDestroyer destroyer;
    private final int configuredFenceAfterMs;
    /** HA guests held when the session was reported lost or replaced, not yet taken up by the watchdog. */
    private final Map<String, Held> heldAtLoss = new ConcurrentHashMap<>();
    /** HA guests decided to be stopped and not stopped yet (their destroy failed, or runs on overdue). */
    private final Map<String, Held> toStop = new ConcurrentHashMap<>();
    /** Guests reported fenced that the agent still lists; forgotten once it no longer does. */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    /** Destroys still running after their fence stopped waiting for them. */
    private final Map<String, CompletableFuture<Destroyed>> overdue = new ConcurrentHashMap<>();
    private final Map<String, Long> retryAt = new ConcurrentHashMap<>();
    private final ExecutorService destroyThreads = Executors.newCachedThreadPool(r -> daemon(r, "virtkit-cluster-fence-destroy"));
    private final Registration sessionChanges;
    private final Thread watchdog;
    private volatile boolean running = true;
    private volatile boolean warnedFenceAfter;

    @Activate
    public SelfFencing(ClusterConfig config, @Reference ClusterSession session, @Reference LocalLeases leases,
            @Reference ConnectionFactory connections, @Reference ClusterEventBus events) {
        this(session, leases, connections, events, config.fenceAfterMs());
    }

    SelfFencing(ClusterSession session, LocalLeases leases, ConnectionFactory connections, ClusterEventBus events,
            int fenceAfterMs) {
        this.session = session;
        this.leases = leases;
        this.events = events;
        this.destroyer = new GuestDestroyer(connections);
        this.configuredFenceAfterMs = fenceAfterMs;
        this.sessionChanges = session.onChange(change -> {
            if (change == SessionChange.LOST || change == SessionChange.NEW_SESSION) {
                for (Held h : leases.held()) { // a copy of the agent's memory: Curator's thread is not kept waiting
                    if (h.ha()) {
                        heldAtLoss.put(h.name(), h);
                    }
                }
            }
        });
        this.watchdog = daemon(this::watch, "virtkit-cluster-fencing");
        watchdog.setPriority(Thread.MAX_PRIORITY);
        watchdog.start();
    }

    @Deactivate
    public void close() throws InterruptedException {
        running = false;
        sessionChanges.close();
        watchdog.interrupt();
        watchdog.join(5000);
        destroyThreads.shutdownNow();
        destroyer.close();
    }

    /**
     * How long a host may go without an answer before it fences: the configured value when it is below the session
     * timeout, else half the granted timeout (the other half is the fence's budget).
     */
    long fenceAfterMs() {
        int timeout = session.sessionTimeoutMs();
        if (configuredFenceAfterMs > 0 && configuredFenceAfterMs < timeout) {
            return configuredFenceAfterMs;
        }
        if (configuredFenceAfterMs > 0 && !warnedFenceAfter) {
            warnedFenceAfter = true;
            LOG.log(Level.WARNING, "self-fencing: fenceAfterMs {0,number,#} is not below the session timeout {1,number,#} ms: "
                    + "fencing after {2,number,#} ms instead", configuredFenceAfterMs, timeout, timeout / 2);
        }
        return timeout / 2;
    }

    private void watch() {
        long due = System.nanoTime() + MILLISECONDS.toNanos(TICK_MS);
        while (running) {
            try {
                NANOSECONDS.sleep(Math.max(0, due - System.nanoTime()));
            } catch (InterruptedException e) {
                return;
            }
            long late = System.nanoTime() - due;
            if (late > LATE_TICK_NANOS) {
                LOG.log(Level.WARNING, "self-fencing: the watchdog ran {0,number,#} ms late (a long pause of this JVM?); "
                        + "fencing is as late", NANOSECONDS.toMillis(late));
            }
            try {
                tick();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "self-fencing: watchdog tick failed; trying again", e);
            }
            due = System.nanoTime() + MILLISECONDS.toNanos(TICK_MS);
        }
    }

    /**
     * One look: decides to stop the HA guests held when the ensemble has been silent too long or the session was
     * lost, and stops those decided whose destroy is not under way.
     */
    void tick() {
        List<Held> held = leases.held();
        Set<String> heldNames = held.stream().map(Held::name).collect(Collectors.toSet());
        reported.retainAll(heldNames);
        long contact = session.lastContactNanos();
        long now = System.nanoTime();
        long silence = contact < 0 ? Long.MAX_VALUE : now - contact;
        String why = null;
        if (silence > MILLISECONDS.toNanos(fenceAfterMs())) {
            why = contact < 0 ? "no answer from the ensemble yet"
                    : "no answer from the ensemble for " + NANOSECONDS.toMillis(silence) + " ms";
            held.stream().filter(h -> h.ha() && !reported.contains(h.name())).forEach(h -> toStop.putIfAbsent(h.name(), h));
        }
        for (Held h : List.copyOf(heldAtLoss.values())) {
            heldAtLoss.remove(h.name(), h);
            if (!reported.contains(h.name())) {
                toStop.putIfAbsent(h.name(), h);
                why = "the session was lost";
            }
        }
        List<Held> due = toStop.values().stream().filter(h -> startable(h.name(), now)).toList();
        if (due.isEmpty()) {
            return;
        }
        long timeout = MILLISECONDS.toNanos(session.sessionTimeoutMs());
        new Fence(why == null ? "destroy failed before" : why, now, contact < 0 ? now : contact + timeout,
                held.stream().filter(h -> !h.ha()).map(Held::name).toList()).run(due);
    }

    private boolean startable(String name, long now) {
        Long retry = retryAt.get(name);
        return !overdue.containsKey(name) && (retry == null || now - retry >= 0);
    }

    /** One destroy's outcome and when it ended ({@link System#nanoTime()}). */
    private record Destroyed(Outcome outcome, long endedNanos) {
    }

    /** One fencing of the guests due at one tick; {@code expiry}: the earliest moment the session may expire. */
    private final class Fence {
        private final String why;
        private final long started;
        private final long expiry;
        private final List<String> leftRunning;

        Fence(String why, long started, long expiry, List<String> leftRunning) {
            this.why = why;
            this.started = started;
            this.expiry = expiry;
            this.leftRunning = leftRunning;
        }

        /**
         * Destroys the guests in parallel and waits for them until the session may expire (at least a moment), then
         * reports those stopped in one go; a destroy still running is reported when it ends.
         */
        void run(List<Held> due) {
            Map<Held, CompletableFuture<Destroyed>> destroys = new LinkedHashMap<>();
            for (Held guest : due) {
                destroys.put(guest, CompletableFuture.supplyAsync(
                        () -> new Destroyed(destroyer.destroy(guest), System.nanoTime()), destroyThreads));
            }
            long waitUntil = Math.max(expiry, started + MIN_WAIT_NANOS);
            List<Held> stopped = new ArrayList<>();
            List<Destroyed> outcomes = new ArrayList<>();
            for (Map.Entry<Held, CompletableFuture<Destroyed>> d : destroys.entrySet()) {
                Held guest = d.getKey();
                try {
                    outcomes.add(d.getValue().get(Math.max(0, waitUntil - System.nanoTime()), NANOSECONDS));
                    stopped.add(guest);
                } catch (TimeoutException e) {
                    overdue.put(guest.name(), d.getValue());
                    LOG.log(Level.ERROR, "self-fencing: destroying HA guest ''{0}'' did not end within {1,number,#} ms, "
                            + "and the ensemble may expire this host''s session from now on; still waiting for it on "
                            + "its own thread (its disk leases keep another host from starting it meanwhile)",
                            guest.name(), NANOSECONDS.toMillis(System.nanoTime() - started));
                    d.getValue().whenComplete((outcome, failure) -> endedLate(guest, outcome, failure));
                } catch (ExecutionException e) {
                    failed(guest, e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (!stopped.isEmpty()) {
                report(stopped, outcomes, "");
            }
        }

        private void endedLate(Held guest, Destroyed outcome, Throwable failure) {
            overdue.remove(guest.name());
            if (failure == null) {
                report(List.of(guest), List.of(outcome), ", late");
            } else {
                failed(guest, failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure);
            }
        }

        private void failed(Held guest, Throwable failure) {
            retryAt.put(guest.name(), System.nanoTime() + RETRY_NANOS);
            LOG.log(Level.ERROR, "self-fencing: could not destroy HA guest ''{0}'' ({1}); it may still run: trying "
                    + "again in {2,number,#} ms", guest.name(), failure.getMessage(), NANOSECONDS.toMillis(RETRY_NANOS));
        }

        /** Logs the figures, publishes GUEST_FENCED and tells the agent; {@code outcomes} in the order of {@code stopped}. */
        private void report(List<Held> stopped, List<Destroyed> outcomes, String late) {
            long ended = outcomes.stream().mapToLong(Destroyed::endedNanos).max().orElseThrow();
            long spare = expiry - ended;
            List<String> what = new ArrayList<>();
            for (int i = 0; i < stopped.size(); i++) {
                what.add(stopped.get(i).name() + " (" + outcomes.get(i).outcome().label() + late + ")");
            }
            String figures = String.format("self-fencing (%s; fence after %d ms, session timeout %d ms): stopped HA "
                    + "guests %s in %d ms, %d ms %s the ensemble may expire this host's session; left running "
                    + "(not HA): %s", why, fenceAfterMs(), session.sessionTimeoutMs(), String.join(", ", what),
                    NANOSECONDS.toMillis(ended - started), NANOSECONDS.toMillis(Math.abs(spare)),
                    spare >= 0 ? "before" : "AFTER", leftRunning.isEmpty() ? "none" : String.join(", ", leftRunning));
            LOG.log(spare >= 0 ? Level.WARNING : Level.ERROR, figures);
            for (Held guest : stopped) {
                toStop.remove(guest.name(), guest);
                retryAt.remove(guest.name());
                reported.add(guest.name());
                events.publish(ClusterEventType.GUEST_FENCED, session.hostUuid(), guest.name(),
                        "stopped on " + session.hostname() + ": " + why);
            }
            leases.fenced(List.copyOf(stopped));
        }
    }

    private static Thread daemon(Runnable body, String name) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.setUncaughtExceptionHandler((thread, e) -> LOG.log(Level.ERROR, name + " died", e));
        return t;
    }
}
