package io.virtkit.test.internal;

import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainState;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.StartFlag;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.LifecycleAction;
import io.virtkit.support.DomainErrors;

/**
 * How a test domain moves between states, libvirt's test driver's lifecycle: each step checks that the
 * domain is in a state it can leave, moves it (run-time facts, ids from one counter per host), and
 * reports the change. The guest does everything at once: a shutdown or reboot request is the guest's
 * power-off or reboot, followed by what the domain's {@code on_poweroff} / {@code on_reboot} says.
 *
 * <p>Not thread-safe: {@link TestDomains} calls it under its lock, so a domain is checked and moved in
 * one step and events keep the order of the changes.
 */
final class TestDomainLifecycle {

    private final LongSupplier clock;
    private final BiConsumer<DomainObject, DomainEventDetail> events;
    /** Takes a transient domain that stopped out of the table. */
    private final Consumer<DomainObject> forget;
    private int nextId = 1;

    TestDomainLifecycle(LongSupplier clock, BiConsumer<DomainObject, DomainEventDetail> events,
            Consumer<DomainObject> forget) {
        this.clock = clock;
        this.events = events;
        this.forget = forget;
    }

    /** Puts a domain a node file describes into {@code runState} with libvirt's "unknown" reason. No events. */
    void load(DomainObject d, DomainState runState) {
        DomainStateReason reason = DomainStateReason.of(runState, 0);
        if (runState.isActive()) {
            d.markStarted(nextId++, reason, clock.getAsLong());
        } else {
            d.setState(reason, clock.getAsLong());
        }
    }

    void start(DomainObject d, TestConnection caller, Set<StartFlag> flags) {
        if (d.isActive()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.TEST, "domain is already running");
        }
        boot(d, caller, flags);
    }

    /** Starts an inactive domain with the next id, paused when asked, owned by {@code caller} for AUTODESTROY. */
    void boot(DomainObject d, TestConnection caller, Set<StartFlag> flags) {
        boolean paused = flags.contains(StartFlag.PAUSED);
        d.markStarted(nextId++, paused ? DomainStateReason.PAUSED_USER : DomainStateReason.RUNNING_BOOTED,
                clock.getAsLong());
        d.autodestroyOwner = flags.contains(StartFlag.AUTODESTROY) ? caller : null;
        events.accept(d, DomainEventDetail.STARTED_BOOTED);
        if (paused) {
            events.accept(d, DomainEventDetail.SUSPENDED_PAUSED);
        }
    }

    void shutdown(DomainObject d) {
        if (!d.isActive()) {
            throw notRunning(d);
        }
        lifecycleAction(d, d.def.onPoweroff());
    }

    void destroy(DomainObject d) {
        if (!d.isActive()) {
            throw DomainErrors.notRunning();
        }
        stop(d, DomainStateReason.SHUTOFF_DESTROYED, DomainEventDetail.STOPPED_DESTROYED);
    }

    void suspend(DomainObject d) {
        if (!d.isActive() || d.state() == DomainState.PAUSED) {
            throw notRunning(d);
        }
        d.setState(DomainStateReason.PAUSED_USER, clock.getAsLong());
        events.accept(d, DomainEventDetail.SUSPENDED_PAUSED);
    }

    void resume(DomainObject d) {
        if (d.state() != DomainState.PAUSED) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.TEST,
                    "domain '" + d.name() + "' not paused");
        }
        d.setState(DomainStateReason.RUNNING_UNPAUSED, clock.getAsLong());
        events.accept(d, DomainEventDetail.RESUMED_UNPAUSED);
    }

    /** The guest reboots and the domain does what its on_reboot says (restart: same id, no event). */
    void reboot(DomainObject d) {
        if (!d.isActive()) {
            throw DomainErrors.notRunning();
        }
        lifecycleAction(d, d.def.onReboot());
    }

    /** As libvirt's test driver: restarting actions keep it running (booted), all others stop it. */
    private void lifecycleAction(DomainObject d, LifecycleAction action) {
        if (action == LifecycleAction.RESTART || action == LifecycleAction.RENAME_RESTART) {
            d.setState(DomainStateReason.RUNNING_BOOTED, clock.getAsLong());
        } else {
            stop(d, DomainStateReason.SHUTOFF_SHUTDOWN, DomainEventDetail.STOPPED_SHUTDOWN);
        }
    }

    /** Stops a running domain; a transient one vanishes. */
    void stop(DomainObject d, DomainStateReason reason, DomainEventDetail detail) {
        d.markStopped(reason, clock.getAsLong());
        events.accept(d, detail);
        if (!d.persistent) {
            forget.accept(d);
        }
    }

    /** Runs a domain restored from a saved image (RUNNING, reason RESTORED, event STARTED/RESTORED). */
    void restore(DomainObject d) {
        d.markStarted(nextId++, DomainStateReason.RUNNING_RESTORED, clock.getAsLong());
        d.autodestroyOwner = null;
        events.accept(d, DomainEventDetail.STARTED_RESTORED);
    }

    // ---- reverting to and halting after snapshots (TestSnapshots) -------------------------------------------

    /** Stops a running domain for a snapshot (HALT, or reverting to an inactive one). */
    void stopFromSnapshot(DomainObject d) {
        stop(d, DomainStateReason.SHUTOFF_FROM_SNAPSHOT, DomainEventDetail.STOPPED_FROM_SNAPSHOT);
    }

    /** Starts an inactive domain in a snapshot's state: running, or paused. */
    void bootFromSnapshot(DomainObject d, boolean paused) {
        d.markStarted(nextId++, DomainStateReason.RUNNING_FROM_SNAPSHOT, clock.getAsLong());
        d.autodestroyOwner = null;
        events.accept(d, DomainEventDetail.STARTED_FROM_SNAPSHOT);
        if (paused) {
            d.setState(DomainStateReason.PAUSED_FROM_SNAPSHOT, clock.getAsLong());
            events.accept(d, DomainEventDetail.SUSPENDED_FROM_SNAPSHOT);
        }
    }

    /** An active domain takes a snapshot's state: paused (an event if it was running), or running. */
    void settleFromSnapshot(DomainObject d, boolean paused, boolean wasRunning) {
        if (paused) {
            d.setState(DomainStateReason.PAUSED_FROM_SNAPSHOT, clock.getAsLong());
            if (wasRunning) {
                events.accept(d, DomainEventDetail.SUSPENDED_FROM_SNAPSHOT);
            }
        } else {
            d.setState(DomainStateReason.RUNNING_FROM_SNAPSHOT, clock.getAsLong());
            if (!wasRunning) {
                events.accept(d, DomainEventDetail.RESUMED_FROM_SNAPSHOT);
            }
        }
    }

    /** The CPU time of {@code d} now. */
    long cpuTimeNanos(DomainObject d) {
        return d.cpuTimeNanos(clock.getAsLong());
    }

    private static VirtException notRunning(DomainObject d) {
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.TEST, "domain '" + d.name() + "' not running");
    }
}
