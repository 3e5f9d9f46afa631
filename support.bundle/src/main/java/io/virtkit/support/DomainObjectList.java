package io.virtkit.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainListFlag;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainDefinition;

/**
 * A driver's domains, libvirt's {@code virDomainObjList}: a {@link DomainTable} of {@link DomainRecord}s
 * with the lookups and listing every driver offers, failing with the errors libvirt raises
 * ({@link DomainErrors}) from the driver's {@link ErrorDomain}.
 *
 * <p>Thread-safe: every call is atomic, {@link #define} and {@link #reserveForCreate} included (their clash
 * check and add happen under this list's lock). A change made of several other calls is atomic only if the
 * driver holds one lock of its own around all of them.
 * Lookups read a record's volatile fields only, so they never wait for a domain's lock.
 *
 * @param <D> the driver's domain record
 */
public final class DomainObjectList<D extends DomainRecord> implements DomainLookup<D> {
    private static final Logger LOG = Logger.getLogger(DomainObjectList.class.getName());

    private final ErrorDomain errorDomain;
    private final DomainTable<D> table = new DomainTable<>(DomainRecord::uuid, DomainRecord::name); // guarded by this

    /** An empty list whose lookups fail from {@code errorDomain} (the driver's: QEMU, LXC, TEST). */
    public DomainObjectList(ErrorDomain errorDomain) {
        this.errorDomain = Objects.requireNonNull(errorDomain, "errorDomain");
    }

    /** Every domain, in the order they were added, as a copy the caller may keep. */
    public synchronized List<D> snapshot() {
        return new ArrayList<>(table.values());
    }

    /** The domains {@link DomainListFilter} passes for {@code flags} (none: all), in the order they were added. */
    @Override
    public synchronized List<D> list(DomainListFlag... flags) {
        DomainListFilter filter = DomainListFilter.of(flags);
        List<D> result = new ArrayList<>();
        for (D d : table.values()) {
            if (filter.matches(d.isActive(), d.isPersistent(), d.state(), d.isAutostart())) {
                result.add(d);
            }
        }
        return result;
    }

    /** The domain named {@code name}; NO_DOMAIN when there is none. */
    @Override
    public synchronized D lookupByName(String name) {
        D d = table.byName(name);
        if (d == null) {
            throw DomainErrors.noDomainWithName(errorDomain, name);
        }
        return d;
    }

    /** The domain with {@code uuid}; NO_DOMAIN when there is none (or {@code uuid} is null). */
    @Override
    public synchronized D lookupByUuid(UUID uuid) {
        D d = table.get(uuid);
        if (d == null) {
            throw DomainErrors.noDomainWithUuid(errorDomain, uuid);
        }
        return d;
    }

    /** The running domain with {@code id}; NO_DOMAIN when none runs with it. */
    @Override
    public synchronized D lookupById(int id) {
        for (D d : table.values()) {
            if (d.isActive() && d.id() == id) {
                return d;
            }
        }
        throw DomainErrors.noDomainWithId(errorDomain, id);
    }

    /**
     * The domain a handle stands for, known by {@code uuid} and {@code name}; NO_DOMAIN naming both when it
     * has gone (a handle outlives an undefine, or its UUID now belongs to a new domain object).
     */
    public synchronized D find(UUID uuid, String name) {
        D d = table.get(uuid);
        if (d == null) {
            throw DomainErrors.noDomainWithUuid(errorDomain, uuid, name);
        }
        return d;
    }

    /** The domain with {@code uuid}, or null. */
    public synchronized D get(UUID uuid) {
        return table.get(uuid);
    }

    /** See {@link DomainTable#clash}. */
    public synchronized D clash(UUID uuid, String name) {
        return table.clash(uuid, name);
    }

    /** See {@link DomainTable#rejectClash}. */
    public synchronized void rejectClash(UUID uuid, String name) {
        table.rejectClash(uuid, name);
    }

    /** Adds {@code d}, replacing the domain with its UUID (see {@link DomainTable#put}). */
    public synchronized void add(D d) {
        table.put(d);
    }

    /**
     * Adds {@code d} unless its UUID is taken or its name belongs to another domain, as loading saved
     * definitions does (the first one read wins); true when it was added.
     */
    public synchronized boolean addIfFree(D d) {
        if (table.contains(d.uuid()) || table.clash(d.uuid(), d.name()) != null) {
            return false;
        }
        table.put(d);
        return true;
    }

    /** Removes {@code d} if it is the domain held for its UUID; true when it did. */
    public synchronized boolean remove(D d) {
        return table.remove(d);
    }

    /**
     * libvirt's define bookkeeping, the same for every driver: a name or UUID of another domain is refused;
     * a new domain is saved, added and announced DEFINED_ADDED; an existing one (running or not) gets the new
     * definition for its next start, becomes persistent and is announced DEFINED_UPDATED (DEFINED_ADDED when
     * it was transient).
     *
     * @param newPersistent makes the driver's record for a definition that has none yet
     * @param emit the driver's event delivery
     * @return the new or updated record
     */
    public D define(DomainDefinition def, DomainConfigDir configDir, Function<DomainDefinition, D> newPersistent,
            BiConsumer<D, DomainEventDetail> emit) {
        D existing;
        synchronized (this) {
            table.rejectClash(def.uuid(), def.name());
            existing = table.get(def.uuid());
            if (existing == null) {
                D d = newPersistent.apply(def);
                configDir.save(def);
                table.put(d);
                emit.accept(d, DomainEventDetail.DEFINED_ADDED);
                return d;
            }
        }
        synchronized (existing) {
            boolean wasPersistent = existing.isPersistent();
            configDir.save(def);
            // while running, the new definition takes effect at the next start (the live one stays with the run)
            existing.setDefinition(def);
            existing.setPersistent(true);
            emit.accept(existing, wasPersistent ? DomainEventDetail.DEFINED_UPDATED : DomainEventDetail.DEFINED_ADDED);
        }
        return existing;
    }

    /**
     * What libvirt's createXML starts: the defined, inactive domain of the same name and UUID, or a new
     * transient one added now. A running one is OPERATION_INVALID ("domain 'x' is already active"). When the
     * start fails, {@link #dropIfUnused} takes an added record away again.
     */
    public synchronized Reserved<D> reserveForCreate(DomainDefinition def, Function<DomainDefinition, D> newTransient) {
        table.rejectClash(def.uuid(), def.name());
        D d = table.get(def.uuid());
        if (d != null && d.isActive()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, errorDomain,
                    "domain '" + def.name() + "' is already active");
        }
        if (d != null) {
            return new Reserved<>(d, false);
        }
        D added = newTransient.apply(def);
        table.put(added);
        return new Reserved<>(added, true);
    }

    /**
     * libvirt's createXML around the driver's start: {@link #reserveForCreate}, then {@code start} on the
     * record; when the start fails, a record added for it goes again ({@link #dropIfUnused}) and the
     * failure is rethrown.
     *
     * @return the started record
     */
    public D create(DomainDefinition def, Function<DomainDefinition, D> newTransient, Consumer<D> start) {
        Reserved<D> reserved = reserveForCreate(def, newTransient);
        try {
            start.accept(reserved.domain());
        } catch (RuntimeException e) {
            if (reserved.added()) {
                dropIfUnused(reserved.domain());
            }
            throw e;
        }
        return reserved.domain();
    }

    /**
     * libvirt's undefine bookkeeping (the caller holds the domain's job): the saved configuration and the
     * autostart link go, the domain becomes transient, an inactive one is forgotten (a running one goes when it
     * stops), and only then is UNDEFINED_REMOVED announced, as libvirt queues it after the removal: a listener
     * reading the domain on the event finds it gone (or transient), never still defined.
     */
    public void undefine(D d, DomainConfigDir configDir, BiConsumer<D, DomainEventDetail> emit) {
        synchronized (d) {
            configDir.undefine(d);
            d.setPersistent(false);
            if (!d.isActive()) {
                remove(d);
            }
            emit.accept(d, DomainEventDetail.UNDEFINED_REMOVED);
        }
    }

    /**
     * What libvirt's close callbacks do for AUTODESTROY when {@code connection} closes: {@code destroy} runs
     * for every domain whose current run was started by that connection with AUTODESTROY, as
     * {@code ownerOfRun} (read holding the domain's lock; null when it is not running) tells. A failing
     * destroy is logged and the others still run.
     */
    public void destroyOwnedBy(Object connection, Function<D, Object> ownerOfRun, Consumer<D> destroy) {
        for (D d : snapshot()) {
            Object owner;
            synchronized (d) {
                owner = ownerOfRun.apply(d);
            }
            if (owner != null && owner == connection) {
                try {
                    destroy.accept(d);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "autodestroy of '" + d.name() + "' failed: " + e.getMessage());
                }
            }
        }
    }

    /** Removes {@code d} unless it became persistent or active meanwhile: after a failed create. */
    public synchronized void dropIfUnused(D d) {
        if (!d.isPersistent() && !d.isActive()) {
            table.remove(d);
        }
    }

    /**
     * A record {@link #reserveForCreate} handed out.
     *
     * @param domain the record to start
     * @param added whether it was added for this create (and goes again if the start fails)
     */
    public record Reserved<D>(D domain, boolean added) {
    }
}
