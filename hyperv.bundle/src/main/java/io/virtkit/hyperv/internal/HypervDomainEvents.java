package io.virtkit.hyperv.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.hyperv.internal.wsman.Wql;

/**
 * Domain lifecycle events, which libvirt's Hyper-V driver does not offer: the VMs are read (one query) every
 * {@link HypervSettings#eventInterval()} while someone listens, and each change between two settled states is
 * reported as libvirt's drivers report it — off to running STARTED_BOOTED (from saved STARTED_RESTORED), running
 * to paused SUSPENDED_PAUSED and back RESUMED_UNPAUSED, to off STOPPED_DESTROYED (STOPPED_SHUTDOWN after a guest
 * shutdown asked through this connection), to saved STOPPED_SAVED, a new VM DEFINED_ADDED, a gone one
 * UNDEFINED_REMOVED. A VM between states (starting, saving...) is judged once it settles. Changes made by Hyper-V
 * Manager or another client are seen too, within an interval. WMI's own event subscriptions are not used: WinRM
 * serves them only with push delivery to a listener on the client's side.
 */
final class HypervDomainEvents implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(HypervDomainEvents.class.getName());

    private record Seen(String name, UUID uuid, int enabledState, int id) {

        static Seen of(HypervVm vm) {
            return new Seen(vm.name(), vm.uuid(), vm.enabledState(), vm.id());
        }

        DomainRef ref() {
            return new DomainRef(name, uuid, id);
        }

        boolean active() {
            return HypervEnabledState.isActive(enabledState);
        }
    }

    private final HypervContext context;
    private final ConnectionEvents events;
    private final Duration interval;
    private final Object lock = new Object();
    private final Set<UUID> shutdownsAsked = ConcurrentHashMap.newKeySet();
    private Map<String, Seen> known; // guarded by lock
    private boolean begun;
    private boolean closed;
    private Thread thread;

    private HypervDomainEvents(HypervContext context, ConnectionEvents events) {
        this.context = context;
        this.events = events;
        this.interval = context.settings.eventInterval();
    }

    /** A watcher that starts when a first listener registers (at once if the sink cannot say). */
    static HypervDomainEvents watchWhenWanted(HypervContext context, ConnectionEvents events) {
        HypervDomainEvents watcher = new HypervDomainEvents(context, events);
        if (!events.whenDomainEventsWanted(watcher::begin)) {
            watcher.begin();
        }
        return watcher;
    }

    /** Reads the first state before returning (every change after it is reported), then polls. */
    void begin() {
        synchronized (lock) {
            if (closed || begun) {
                return;
            }
            begun = true;
            try {
                known = read();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot read the VMs of " + context.uri.host()
                        + " yet (retrying): " + e.getMessage());
            }
            thread = new Thread(this::run, "hyperv-events-" + context.uri.host());
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** A guest shutdown is asked: its VM turning off is STOPPED_SHUTDOWN, not STOPPED_DESTROYED. */
    void guestShutdownAsked(UUID uuid) {
        shutdownsAsked.add(uuid);
    }

    void guestShutdownFailed(UUID uuid) {
        shutdownsAsked.remove(uuid);
    }

    private void run() {
        while (true) {
            synchronized (lock) {
                long until = System.nanoTime() + interval.toNanos();
                long left;
                while (!closed && (left = until - System.nanoTime()) > 0) {
                    try {
                        lock.wait(Math.max(1, left / 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (closed) {
                    return;
                }
            }
            try {
                poll();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "reading the VMs of " + context.uri.host() + " failed: "
                        + e.getMessage());
            }
        }
    }

    /** Reads the VMs now and reports what changed since the last read. */
    void poll() {
        Map<String, Seen> now = read();
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (known == null) {
                known = now;
                return;
            }
            Map<String, Seen> next = new LinkedHashMap<>();
            for (Map.Entry<String, Seen> entry : now.entrySet()) {
                Seen before = known.get(entry.getKey());
                Seen after = entry.getValue();
                if (HypervEnabledState.inTransition(after.enabledState())) {
                    next.put(entry.getKey(), before != null ? before : after); // judged once it settles
                    if (before == null) {
                        events.report(after.ref(), DomainEventDetail.DEFINED_ADDED);
                    }
                    continue;
                }
                next.put(entry.getKey(), after);
                if (before == null) {
                    events.report(after.ref(), DomainEventDetail.DEFINED_ADDED);
                    if (after.active()) {
                        events.report(after.ref(), DomainEventDetail.STARTED_BOOTED);
                    }
                } else {
                    changed(before, after);
                }
            }
            for (Map.Entry<String, Seen> entry : known.entrySet()) {
                if (!now.containsKey(entry.getKey())) {
                    Seen gone = entry.getValue();
                    if (gone.active()) {
                        events.report(gone.ref(), DomainEventDetail.STOPPED_DESTROYED);
                    }
                    events.report(new DomainRef(gone.name(), gone.uuid(), -1), DomainEventDetail.UNDEFINED_REMOVED);
                }
            }
            known = next;
        }
    }

    private void changed(Seen before, Seen after) {
        int from = before.enabledState();
        int to = after.enabledState();
        boolean wasPaused = HypervEnabledState.isPaused(from);
        boolean isPaused = HypervEnabledState.isPaused(to);
        if (!before.active() && after.active()) {
            events.report(after.ref(), HypervEnabledState.isSaved(from) ? DomainEventDetail.STARTED_RESTORED
                    : DomainEventDetail.STARTED_BOOTED);
            if (isPaused) {
                events.report(after.ref(), DomainEventDetail.SUSPENDED_PAUSED);
            }
        } else if (before.active() && !after.active()) {
            DomainRef ref = new DomainRef(after.name(), after.uuid(), -1);
            if (HypervEnabledState.isSaved(to)) {
                events.report(ref, DomainEventDetail.STOPPED_SAVED);
            } else {
                events.report(ref, shutdownsAsked.remove(after.uuid()) ? DomainEventDetail.STOPPED_SHUTDOWN
                        : DomainEventDetail.STOPPED_DESTROYED);
            }
        } else if (!wasPaused && isPaused) {
            events.report(after.ref(), DomainEventDetail.SUSPENDED_PAUSED);
        } else if (wasPaused && after.active() && !isPaused) {
            events.report(after.ref(), DomainEventDetail.RESUMED_UNPAUSED);
        }
        if (!after.active()) {
            shutdownsAsked.remove(after.uuid());
        }
    }

    private Map<String, Seen> read() {
        Map<String, Seen> vms = new LinkedHashMap<>();
        for (var instance : context.virtualization(Wql.select(HypervVm.CLASS)
                .where("Description", HypervVm.VIRTUAL_MACHINE))) {
            HypervVm vm = HypervVm.of(instance);
            vms.put(vm.guid().toUpperCase(java.util.Locale.ROOT), Seen.of(vm));
        }
        return vms;
    }

    /** Stops polling; a read under way ends with the client's close (see {@link #awaitStopped}). */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
    }

    /** Waits for the polling thread to end, once closed and the client closed. */
    void awaitStopped() {
        Thread running;
        synchronized (lock) {
            running = thread;
        }
        if (running != null && running != Thread.currentThread()) {
            try {
                running.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
