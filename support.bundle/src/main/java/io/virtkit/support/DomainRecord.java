package io.virtkit.support;

import java.util.Objects;
import java.util.UUID;

import io.virtkit.api.DomainState;
import io.virtkit.api.DomainStateReason;
import io.virtkit.model.domain.DomainDefinition;

/**
 * The part of a driver's domain object (libvirt's {@code virDomainObj}) that is the same in every driver:
 * its definition, whether it is persistent, starts with the host, runs (an id), and its state. Drivers
 * extend it with what only they know (a process, a cgroup, a job lock) and keep their records in a
 * {@link DomainObjectList}, which lists and looks them up through what this class exposes.
 *
 * <p>Thread-safety is the driver's: the flags, reason and id are volatile, so they can be read without a
 * lock; the definition is guarded by whatever lock the driver guards its other fields with. The name and
 * UUID come from the definition and must not change while the record is in a list.
 */
@org.osgi.annotation.versioning.ConsumerType
public abstract class DomainRecord {

    private DomainDefinition definition;
    private volatile boolean persistent;
    private volatile boolean autostart;
    private volatile DomainStateReason reason = DomainStateReason.SHUTOFF_UNKNOWN;
    private volatile int id = -1;

    /** An inactive (SHUTOFF, no id) domain with {@code definition}. */
    protected DomainRecord(DomainDefinition definition, boolean persistent) {
        this.definition = Objects.requireNonNull(definition, "definition");
        this.persistent = persistent;
    }

    public UUID uuid() {
        return definition.uuid();
    }

    public String name() {
        return definition.name();
    }

    /** The definition; which one (persistent or live) while the domain runs is the driver's choice. */
    public DomainDefinition definition() {
        return definition;
    }

    /** Replaces the definition; it must keep the name and UUID while the record is in a list. */
    public void setDefinition(DomainDefinition definition) {
        this.definition = Objects.requireNonNull(definition, "definition");
    }

    /** Whether it has a persistent definition (else it is transient and goes away when it stops). */
    public boolean isPersistent() {
        return persistent;
    }

    public void setPersistent(boolean persistent) {
        this.persistent = persistent;
    }

    /** Whether it starts with the host (the driver). */
    public boolean isAutostart() {
        return autostart;
    }

    public void setAutostart(boolean autostart) {
        this.autostart = autostart;
    }

    /** The state and why it was entered. */
    public DomainStateReason reason() {
        return reason;
    }

    public void setReason(DomainStateReason reason) {
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public DomainState state() {
        return reason.state();
    }

    /** The id while it runs, -1 while it does not. */
    public int id() {
        return id;
    }

    /** Sets the id: a non-negative one makes the domain active, -1 inactive. */
    public void setId(int id) {
        this.id = id;
    }

    /** Whether it runs, libvirt's {@code virDomainObjIsActive}: it has an id. */
    public boolean isActive() {
        return id >= 0;
    }
}
