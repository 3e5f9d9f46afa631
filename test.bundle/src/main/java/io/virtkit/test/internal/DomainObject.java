package io.virtkit.test.internal;

import java.util.UUID;

import io.virtkit.api.DomainState;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.DomainStateReason;
import io.virtkit.model.domain.DomainDefinition;

/**
 * One domain of a {@link TestState}, libvirt's {@code virDomainObj}: its definitions, state and run-time
 * facts. Mutable, and only touched while holding the lock of {@link TestDomains}.
 */
final class DomainObject {

    /** The running configuration while active; the persistent one while inactive. */
    DomainDefinition def;
    /** A persistent definition that takes effect at the next stop (defined while running), or null. */
    DomainDefinition nextDef;
    boolean persistent;
    boolean autostart;
    DomainStateReason reason = DomainStateReason.SHUTOFF_UNKNOWN;
    int id = -1;
    /** Its snapshots (metadata only, as libvirt's test driver keeps them). */
    final SnapshotTree snapshots = new SnapshotTree();
    /** Whether a managed save stopped it: the next start drops the image (libvirt's test driver keeps no memory). */
    boolean hasManagedSave;
    /** The connection that started it with AUTODESTROY, or null. */
    TestConnection autodestroyOwner;
    private long cpuNanos;
    private long runningSince = -1;

    DomainObject(DomainDefinition def, boolean persistent) {
        this.def = def;
        this.persistent = persistent;
    }

    UUID uuid() {
        return def.uuid();
    }

    String name() {
        return def.name();
    }

    DomainState state() {
        return reason.state();
    }

    DomainStateInfo stateInfo() {
        return DomainStateInfo.of(reason);
    }

    boolean isActive() {
        return id >= 0;
    }

    /** The definition that survives a stop. */
    DomainDefinition persistentDef() {
        return nextDef != null ? nextDef : def;
    }

    /** Moves to {@code newReason}, keeping the CPU-time clock running only while RUNNING. */
    void setState(DomainStateReason newReason, long nowNanos) {
        if (runningSince >= 0) {
            cpuNanos += nowNanos - runningSince;
            runningSince = -1;
        }
        reason = newReason;
        if (newReason.state() == DomainState.RUNNING) {
            runningSince = nowNanos;
        }
    }

    /** Running with {@code newId}: a managed save image is used up by any start, as libvirt's test driver. */
    void markStarted(int newId, DomainStateReason newReason, long nowNanos) {
        id = newId;
        hasManagedSave = false;
        cpuNanos = 0;
        runningSince = -1;
        setState(newReason, nowNanos);
    }

    /** Back to SHUTOFF: drops the run-time facts and applies a definition saved while running. */
    void markStopped(DomainStateReason shutoffReason, long nowNanos) {
        setState(shutoffReason, nowNanos);
        id = -1;
        cpuNanos = 0;
        autodestroyOwner = null;
        if (nextDef != null) {
            def = nextDef;
            nextDef = null;
        }
    }

    /** CPU time: the time spent RUNNING since the last start (a fake, but a monotonic one). */
    long cpuTimeNanos(long nowNanos) {
        return cpuNanos + (runningSince >= 0 ? nowNanos - runningSince : 0);
    }
}
