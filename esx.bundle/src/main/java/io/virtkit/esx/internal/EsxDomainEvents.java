package io.virtkit.esx.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.esx.internal.vim.MoRef;
import io.virtkit.esx.internal.vim.PropertyCollector;
import io.virtkit.esx.internal.vim.PropertyUpdates;
import io.virtkit.esx.internal.vim.PropertyUpdates.ObjectUpdate;
import io.virtkit.esx.internal.vim.VimNode;

/**
 * Lifecycle events of an ESX connection's domains, which libvirt's ESX driver does not have: a property
 * collector of the connection's own watches the host's {@code vm} list and each VM's name, BIOS UUID and power
 * state, and a daemon thread waits for the server's updates ({@code WaitForUpdatesEx}) and turns them into
 * libvirt's events, whoever made the change (this connection, another session, the vSphere client). Power
 * changes map as libvirt's drivers report them: powered off to on STARTED_BOOTED, on to suspended
 * SUSPENDED_PAUSED, suspended to on RESUMED_UNPAUSED, to powered off STOPPED_DESTROYED (STOPPED_SHUTDOWN after
 * this connection asked the guest to shut down: vSphere does not say who powered a VM off); a VM registered
 * DEFINED_ADDED, unregistered UNDEFINED_REMOVED, renamed UNDEFINED_RENAMED then DEFINED_RENAMED.
 *
 * <p>When the watch breaks (the session expired and its collector with it, the server went away), it is set
 * up again with a growing pause, and what changed meanwhile is reported from the difference between what was
 * last seen and the new collector's first answer.
 */
final class EsxDomainEvents implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EsxDomainEvents.class.getName());
    private static final List<String> VM_PROPERTIES = List.of("name", "config.uuid", "runtime.powerState");
    private static final long FIRST_PAUSE_MILLIS = 500;
    private static final long LONGEST_PAUSE_MILLIS = 30_000;

    /** What was last seen of a VM; the UUID is null while the VM is being created (no config yet). */
    private record Seen(String name, UUID uuid, String powerState) {
        boolean active() {
            return "poweredOn".equals(powerState) || "suspended".equals(powerState);
        }
    }

    private final EsxContext context;
    private final ConnectionEvents events;
    private final int maxWaitSeconds;
    private final Map<MoRef, Seen> seen = new HashMap<>(); // the watching thread's (and start's, before it runs)
    private final Set<UUID> guestShutdownsAsked = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private final Thread thread;
    private PropertyUpdates updates; // guarded by lock
    private boolean closed; // guarded by lock
    private volatile long watches;
    private boolean seenOnce; // the watching thread's: before a first answer there is nothing to compare with

    private EsxDomainEvents(EsxContext context, ConnectionEvents events) {
        this.context = context;
        this.events = events;
        this.maxWaitSeconds = maxWaitSeconds(context.settings.callTimeout());
        this.thread = new Thread(this::run, "virtkit-esx-events " + context.uri.host());
        this.thread.setDaemon(true);
    }

    /**
     * Starts watching: the first state is read before this returns (so every change after the connection
     * opened is reported); if that fails, the thread keeps trying and the connection works without events.
     */
    static EsxDomainEvents start(EsxContext context, ConnectionEvents events) {
        EsxDomainEvents watcher = new EsxDomainEvents(context, events);
        try {
            watcher.watch();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot watch the domains of " + context.uri.host()
                    + " yet (retrying): " + e.getMessage());
        }
        watcher.thread.start();
        return watcher;
    }

    /** A long poll must end (answered empty) before the call's own timeout would break it. */
    static int maxWaitSeconds(Duration callTimeout) {
        long seconds = callTimeout.toSeconds();
        return (int) Math.max(1, seconds >= 10 ? Math.min(30, seconds - 5) : seconds / 2);
    }

    /** This connection asked the VM's guest to shut down: its next power-off is reported as a shutdown. */
    void guestShutdownAsked(UUID uuid) {
        guestShutdownsAsked.add(uuid);
    }

    /** The request failed: a later power-off is not the guest's. */
    void guestShutdownFailed(UUID uuid) {
        guestShutdownsAsked.remove(uuid);
    }

    /** How many times the watch was set up (1 until it broke and was set up again); for tests. */
    long watches() {
        return watches;
    }

    /** Whether the watching thread still runs; for tests. */
    boolean running() {
        return thread.isAlive();
    }

    private void run() {
        long pause = FIRST_PAUSE_MILLIS;
        while (!isClosed()) {
            try {
                PropertyUpdates current = current();
                if (current == null) {
                    watch();
                    continue;
                }
                List<ObjectUpdate> batch = current.await(maxWaitSeconds);
                if (isClosed()) {
                    return;
                }
                batch.forEach(this::apply);
                pause = FIRST_PAUSE_MILLIS;
            } catch (RuntimeException e) {
                if (isClosed()) {
                    return;
                }
                // said once per outage: a dead server would otherwise log every pause
                LOG.log(pause == FIRST_PAUSE_MILLIS ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                        "the domain events watch of " + context.uri.host() + " broke (set up again): " + e.getMessage());
                drop();
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    return; // only close interrupts
                }
                pause = Math.min(LONGEST_PAUSE_MILLIS, pause * 2);
            }
        }
    }

    /**
     * Sets up the collector and its filter and takes its first answer as what is now: the first time, what
     * there is; after the watch broke, the changes since it was last seen are reported.
     */
    private void watch() {
        VimNode hostToVms = PropertyCollector.traversal("hostToVms", "HostSystem", "vm", false);
        PropertyUpdates fresh = PropertyUpdates.create(context.session,
                List.of(PropertyCollector.objectSpec(context.refs.hostSystem(), false, hostToVms)),
                List.of(PropertyCollector.propertySpec("HostSystem", "vm"),
                        PropertyCollector.propertySpec("VirtualMachine", VM_PROPERTIES.toArray(String[]::new))));
        Map<MoRef, Seen> now = new HashMap<>();
        try {
            for (ObjectUpdate update : fresh.await(maxWaitSeconds)) {
                if (update.obj().type().equals("VirtualMachine") && update.kind() != PropertyUpdates.Kind.LEAVE) {
                    now.put(update.obj(), merge(new Seen(null, null, null), update));
                }
            }
        } catch (RuntimeException e) {
            fresh.close();
            throw e;
        }
        synchronized (lock) {
            if (closed) {
                fresh.close();
                return;
            }
            updates = fresh;
            watches++;
        }
        boolean compare = seenOnce;
        seenOnce = true;
        for (MoRef gone : Set.copyOf(seen.keySet())) {
            if (!now.containsKey(gone)) {
                removed(gone, compare);
            }
        }
        now.forEach((ref, state) -> changed(ref, state, compare));
    }

    private void apply(ObjectUpdate update) {
        if (update.obj().type().equals("HostSystem")) {
            VimNode vmList = update.assigned().get("vm");
            if (vmList != null || update.removed().contains("vm")) {
                Set<MoRef> registered = new HashSet<>();
                if (vmList != null) {
                    vmList.children().forEach(item -> registered.add(item.asMoRef()));
                }
                for (MoRef ref : Set.copyOf(seen.keySet())) {
                    if (!registered.contains(ref)) {
                        removed(ref, true);
                    }
                }
            }
            return;
        }
        if (!update.obj().type().equals("VirtualMachine")) {
            return;
        }
        if (update.kind() == PropertyUpdates.Kind.LEAVE) {
            removed(update.obj(), true);
            return;
        }
        Seen before = seen.getOrDefault(update.obj(), new Seen(null, null, null));
        changed(update.obj(), merge(before, update), true);
    }

    private static Seen merge(Seen before, ObjectUpdate update) {
        String name = value(update, "name", before.name());
        String uuid = value(update, "config.uuid", before.uuid() == null ? null : before.uuid().toString());
        String power = value(update, "runtime.powerState", before.powerState());
        UUID parsed = null;
        if (uuid != null && !uuid.isEmpty()) {
            try {
                parsed = UUID.fromString(uuid);
            } catch (IllegalArgumentException e) {
                parsed = null; // not a VM libvirt can name: the inventory skips it too
            }
        }
        return new Seen(name, parsed, power);
    }

    private static String value(ObjectUpdate update, String path, String before) {
        if (update.removed().contains(path)) {
            return null;
        }
        VimNode value = update.assigned().get(path);
        return value == null ? before : value.text();
    }

    /** A VM is as {@code after} now; what changed since it was last seen is reported. */
    private void changed(MoRef ref, Seen after, boolean report) {
        Seen before = seen.put(ref, after);
        if (!report || after.uuid() == null) {
            return;
        }
        if (before == null || before.uuid() == null || !before.uuid().equals(after.uuid())) {
            if (before != null && before.uuid() != null) {
                report(ref, before, DomainEventDetail.UNDEFINED_REMOVED);
            }
            report(ref, after, DomainEventDetail.DEFINED_ADDED);
            powerChanged(ref, new Seen(after.name(), after.uuid(), "poweredOff"), after);
            return;
        }
        if (before.name() != null && after.name() != null && !before.name().equals(after.name())) {
            report(ref, before, DomainEventDetail.UNDEFINED_RENAMED);
            report(ref, after, DomainEventDetail.DEFINED_RENAMED);
        }
        powerChanged(ref, before, after);
    }

    private void powerChanged(MoRef ref, Seen before, Seen after) {
        String from = before.powerState() == null ? "poweredOff" : before.powerState();
        String to = after.powerState() == null ? "poweredOff" : after.powerState();
        if (from.equals(to)) {
            return;
        }
        // a request to the guest is answered by the next change: a power-off is its shutdown, anything else ends it
        boolean shutdownAsked = guestShutdownsAsked.remove(after.uuid());
        switch (to) {
            case "poweredOn" -> report(ref, after, from.equals("suspended")
                    ? DomainEventDetail.RESUMED_UNPAUSED : DomainEventDetail.STARTED_BOOTED);
            case "suspended" -> {
                if (from.equals("poweredOff")) {
                    report(ref, new Seen(after.name(), after.uuid(), "poweredOn"), DomainEventDetail.STARTED_BOOTED);
                }
                report(ref, after, DomainEventDetail.SUSPENDED_PAUSED);
            }
            case "poweredOff" -> report(ref, after, shutdownAsked && from.equals("poweredOn")
                    ? DomainEventDetail.STOPPED_SHUTDOWN : DomainEventDetail.STOPPED_DESTROYED);
            default -> {
                // unknown power states (a newer server's) are not libvirt states: nothing to report
            }
        }
    }

    private void removed(MoRef ref, boolean report) {
        Seen before = seen.remove(ref);
        if (!report || before == null || before.uuid() == null) {
            return;
        }
        if (before.active()) {
            report(ref, new Seen(before.name(), before.uuid(), "poweredOff"), DomainEventDetail.STOPPED_DESTROYED);
        }
        report(ref, new Seen(before.name(), before.uuid(), "poweredOff"), DomainEventDetail.UNDEFINED_REMOVED);
    }

    private void report(MoRef ref, Seen vm, DomainEventDetail detail) {
        if (!events.domainEventsWanted()) {
            return;
        }
        int id = -1;
        if (vm.active()) {
            try {
                id = EsxVm.referenceNumber(ref);
            } catch (RuntimeException e) {
                id = -1;
            }
        }
        events.report(new DomainRef(EsxVm.unescape(vm.name()), vm.uuid(), id), detail);
    }

    private PropertyUpdates current() {
        synchronized (lock) {
            return updates;
        }
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** The watch broke: its collector is given up (destroyed if the server still knows it). */
    private void drop() {
        PropertyUpdates broken;
        synchronized (lock) {
            broken = updates;
            updates = null;
        }
        if (broken != null) {
            broken.close();
        }
    }

    /** Stops the thread (its pending wait cancelled) and destroys the filter and the collector. */
    @Override
    public void close() {
        PropertyUpdates current;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            current = updates;
            updates = null;
        }
        if (current != null) {
            current.cancel();
        }
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (current != null) {
            current.close();
        }
    }
}
