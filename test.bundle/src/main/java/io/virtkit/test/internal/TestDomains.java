package io.virtkit.test.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

import io.virtkit.api.DeviceModifyFlag;
import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainInfo;
import io.virtkit.api.DomainListFlag;
import io.virtkit.api.DomainState;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.StartFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.support.DomainErrors;
import io.virtkit.support.DomainListFilter;
import io.virtkit.support.DomainLookup;
import io.virtkit.support.DomainResources;
import io.virtkit.support.DomainTable;

/**
 * The domains of one {@link TestState}, libvirt's test driver's domain list: lookups, define and create,
 * undefine, what a domain reports, and the entry to its {@link TestDomainLifecycle lifecycle}. Its lock
 * guards every domain: each call checks all its preconditions before it changes anything, so a failed call
 * leaves the domains as they were, and events are queued while still holding it, in the order of the
 * changes.
 */
final class TestDomains implements DomainLookup<TestDomains.Ref> {

    /** Domain handles carry these two facts; the connection turns them into {@code Domain}s. */
    record Ref(UUID uuid, String name) {
    }

    private final DomainTable<DomainObject> domains = new DomainTable<>(DomainObject::uuid, DomainObject::name); // guarded by this
    private final TestDomainLifecycle lifecycle;
    private final TestSnapshots snapshots;
    private final TestSaves saves;
    private final BiConsumer<Ref, DomainEventDetail> events;

    /** @param events gets each change, under this table's lock */
    TestDomains(LongSupplier clock, BiConsumer<Ref, DomainEventDetail> events) {
        this.events = events;
        this.lifecycle = new TestDomainLifecycle(clock, this::emit, domains::remove);
        this.snapshots = new TestSnapshots(lifecycle, () -> System.currentTimeMillis() / 1000);
        this.saves = new TestSaves(lifecycle);
    }

    /**
     * Adds a domain as a node file describes it: persistent unless {@code transient}, in {@code runState}
     * with libvirt's "unknown" reason, running ones with the next id. No events.
     */
    synchronized void load(DomainDefinition def, boolean persistent, DomainState runState) {
        load(def, persistent, runState, false);
    }

    /** As {@link #load(DomainDefinition, boolean, DomainState)}, with a managed save image when asked. */
    synchronized void load(DomainDefinition def, boolean persistent, DomainState runState, boolean managedSave) {
        DomainDefinition checked = prepare(def);
        if (domains.clash(checked.uuid(), checked.name()) != null || domains.contains(checked.uuid())) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.DOMAIN,
                    "domain '" + checked.name() + "' already exists");
        }
        DomainObject d = new DomainObject(checked, persistent);
        lifecycle.load(d, runState);
        d.hasManagedSave = managedSave;
        domains.put(d);
    }

    /** Destroys the running domains {@code owner} started with AUTODESTROY (it is closing). */
    synchronized void autodestroy(TestConnection owner) {
        for (DomainObject d : List.copyOf(domains.values())) {
            if (d.autodestroyOwner == owner && d.isActive()) {
                lifecycle.stop(d, DomainStateReason.SHUTOFF_DESTROYED, DomainEventDetail.STOPPED_DESTROYED);
            }
        }
    }

    // ---- lookups -----------------------------------------------------------------------------

    @Override
    public synchronized List<Ref> list(DomainListFlag... flags) {
        DomainListFilter filter = DomainListFilter.of(flags);
        List<Ref> result = new ArrayList<>();
        for (DomainObject d : domains.values()) {
            if (filter.matches(d.isActive(), d.persistent, d.state(), d.autostart, d.hasManagedSave)) {
                result.add(ref(d));
            }
        }
        return result;
    }

    @Override
    public synchronized Ref lookupByName(String name) {
        DomainObject d = domains.byName(name);
        if (d != null) {
            return ref(d);
        }
        throw DomainErrors.noDomainWithName(ErrorDomain.TEST, name);
    }

    @Override
    public synchronized Ref lookupByUuid(UUID uuid) {
        DomainObject d = uuid == null ? null : domains.get(uuid);
        if (d == null) {
            throw DomainErrors.noDomainWithUuid(ErrorDomain.TEST, uuid);
        }
        return ref(d);
    }

    @Override
    public synchronized Ref lookupById(int id) {
        for (DomainObject d : domains.values()) {
            if (d.isActive() && d.id == id) {
                return ref(d);
            }
        }
        throw DomainErrors.noDomainWithId(ErrorDomain.TEST, id);
    }

    // ---- define / create / undefine -----------------------------------------------------------

    synchronized Ref define(String xml) {
        DomainDefinition def = prepare(DomainXmlCodec.parse(xml));
        domains.rejectClash(def.uuid(), def.name());
        DomainObject existing = domains.get(def.uuid());
        if (existing == null) {
            DomainObject d = new DomainObject(def, true);
            domains.put(d);
            emit(d, DomainEventDetail.DEFINED_ADDED);
            return ref(d);
        }
        boolean wasPersistent = existing.persistent;
        if (existing.isActive()) {
            // the running configuration stays until the domain stops
            existing.nextDef = def;
        } else {
            existing.def = def;
        }
        existing.persistent = true;
        emit(existing, wasPersistent ? DomainEventDetail.DEFINED_UPDATED : DomainEventDetail.DEFINED_ADDED);
        return ref(existing);
    }

    /** Starts {@code xml} as a transient domain, or an inactive defined one of the same name and UUID. */
    synchronized Ref create(String xml, TestConnection caller, Set<StartFlag> flags) {
        DomainObject d = addLive(prepare(DomainXmlCodec.parse(xml)));
        lifecycle.boot(d, caller, flags);
        return ref(d);
    }

    /**
     * Runs the domain an image {@link TestSaves#save} wrote holds again, as {@link #create} adds a domain: a transient
     * one, or the inactive defined one of that name and UUID with the image's definition for this run.
     */
    Ref restore(Path path, String xml) {
        if (xml != null) {
            throw TestSaves.xmlModification();
        }
        DomainDefinition def = prepare(TestSaveImage.read(path)); // the file is read before taking the lock
        synchronized (this) {
            DomainObject d = addLive(def);
            lifecycle.restore(d);
            return ref(d);
        }
    }

    /** libvirt's live add: a new transient domain, or a defined inactive one running {@code def} this once. */
    private DomainObject addLive(DomainDefinition def) {
        domains.rejectClash(def.uuid(), def.name());
        DomainObject existing = domains.get(def.uuid());
        if (existing != null && existing.isActive()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                    "domain '" + def.name() + "' is already active");
        }
        DomainObject d;
        if (existing == null) {
            d = new DomainObject(def, false);
            domains.put(d);
        } else {
            // a defined domain runs the given configuration this once and keeps its persistent one
            d = existing;
            d.nextDef = d.def;
            d.def = def;
        }
        return d;
    }

    /** @param dropManagedSave VIR_DOMAIN_UNDEFINE_MANAGED_SAVE: an image goes with the domain instead of refusing */
    synchronized void undefine(Ref ref, boolean dropManagedSave) {
        DomainObject d = find(ref);
        if (!d.persistent) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                    "cannot undefine transient domain");
        }
        if (d.hasManagedSave && !dropManagedSave) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                    "Refusing to undefine while domain managed save image exists");
        }
        if (d.snapshots.size() > 0) {
            // libvirt's test driver: snapshot metadata must go first
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                    "cannot delete inactive domain with " + d.snapshots.size() + " snapshots");
        }
        d.hasManagedSave = false;
        emit(d, DomainEventDetail.UNDEFINED_REMOVED);
        if (d.isActive()) {
            d.persistent = false;
            d.nextDef = null;
        } else {
            domains.remove(d);
        }
    }

    // ---- lifecycle ----------------------------------------------------------------------------

    synchronized void start(Ref ref, TestConnection caller, Set<StartFlag> flags) {
        lifecycle.start(find(ref), caller, flags);
    }

    synchronized void shutdown(Ref ref) {
        lifecycle.shutdown(find(ref));
    }

    synchronized void destroy(Ref ref) {
        lifecycle.destroy(find(ref));
    }

    synchronized void suspend(Ref ref) {
        lifecycle.suspend(find(ref));
    }

    synchronized void resume(Ref ref) {
        lifecycle.resume(find(ref));
    }

    synchronized void reboot(Ref ref) {
        lifecycle.reboot(find(ref));
    }

    // ---- managed save and save to a file (see TestSaves) -------------------------------------------------

    synchronized void managedSave(Ref ref) {
        saves.managedSave(find(ref));
    }

    synchronized boolean hasManagedSave(Ref ref) {
        return find(ref).hasManagedSave;
    }

    synchronized void managedSaveRemove(Ref ref) {
        find(ref).hasManagedSave = false;
    }

    synchronized void save(Ref ref, Path path, String xml) {
        saves.save(find(ref), path, xml);
    }

    // ---- what a domain reports, and its settings ------------------------------------------------

    synchronized DomainStateInfo state(Ref ref) {
        return find(ref).stateInfo();
    }

    synchronized DomainInfo info(Ref ref) {
        DomainObject d = find(ref);
        DomainDefinition def = d.def;
        long current = def.currentMemoryKiB() > 0 ? def.currentMemoryKiB() : def.memoryKiB();
        // nrVirtCpu is the vCPUs enabled, as libvirt's virDomainDefGetVcpus
        return new DomainInfo(d.state(), def.memoryKiB(), current, DomainResources.currentVcpus(def),
                lifecycle.cpuTimeNanos(d));
    }

    synchronized String xml(Ref ref, Set<XmlFlag> flags) {
        DomainObject d = find(ref);
        XmlFlag[] secure = flags.contains(XmlFlag.SECURE) ? new XmlFlag[] {XmlFlag.SECURE} : new XmlFlag[0];
        if (flags.contains(XmlFlag.INACTIVE)) {
            return DomainXmlCodec.format(d.persistentDef(), secure);
        }
        return d.isActive() ? DomainXmlCodec.formatLive(d.def, d.id, secure) : DomainXmlCodec.format(d.def, secure);
    }

    /** See {@link TestDeviceChanges}. */
    synchronized void changeDevice(Ref ref, String deviceXml, boolean attach, Set<DeviceModifyFlag> flags) {
        TestDeviceChanges.apply(find(ref), deviceXml, attach, flags);
    }

    synchronized void updateDevice(Ref ref, String deviceXml, Set<DeviceModifyFlag> flags) {
        TestDeviceChanges.update(find(ref), deviceXml, flags);
    }

    // ---- memory and vCPUs (see TestResources) ---------------------------------------------------

    synchronized void setMemory(Ref ref, long kib, long flags) {
        TestResources.setMemory(find(ref), kib, flags);
    }

    synchronized void setVcpus(Ref ref, int count, long flags) {
        TestResources.setVcpus(find(ref), count, flags);
    }

    synchronized int vcpus(Ref ref, long flags) {
        return TestResources.vcpus(find(ref), flags);
    }

    synchronized long maxMemory(Ref ref) {
        return find(ref).def.memoryKiB();
    }

    synchronized boolean autostart(Ref ref) {
        return find(ref).autostart;
    }

    synchronized void setAutostart(Ref ref, boolean autostart) {
        DomainObject d = find(ref);
        if (!d.persistent) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                    "cannot set autostart for transient domain");
        }
        d.autostart = autostart;
    }

    synchronized boolean isActive(Ref ref) {
        return find(ref).isActive();
    }

    synchronized boolean isPersistent(Ref ref) {
        return find(ref).persistent;
    }

    /** The id of the domain {@code ref} names, -1 when inactive or gone (for references, never failing). */
    synchronized int idOrNone(Ref ref) {
        DomainObject d = domains.get(ref.uuid());
        return d == null ? -1 : d.id;
    }

    synchronized int id(Ref ref) {
        return find(ref).id;
    }

    // ---- snapshots (see TestSnapshots), each call under this table's lock ---------------------------------

    /** A snapshot call on the domain {@code ref} names. */
    interface SnapshotCall<T> {
        T apply(TestSnapshots snapshots, DomainObject domain);
    }

    synchronized <T> T snapshots(Ref ref, SnapshotCall<T> call) {
        return call.apply(snapshots, find(ref));
    }

    // ---- internals ----------------------------------------------------------------------------

    private DomainObject find(Ref ref) {
        DomainObject d = domains.get(ref.uuid());
        if (d == null) {
            throw DomainErrors.noDomainWithUuid(ErrorDomain.TEST, ref.uuid(), ref.name());
        }
        return d;
    }

    /** Only test domains run here (the capabilities offer no other type); gives a UUID to one without. */
    private static DomainDefinition prepare(DomainDefinition def) {
        if (!"test".equals(def.type())) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.CAPABILITIES,
                    "could not find capabilities for arch=i686 domaintype=" + def.type());
        }
        return def.uuid() == null ? def.withUuid(UUID.randomUUID()) : def; // the codec may leave it out
    }

    private void emit(DomainObject d, DomainEventDetail detail) {
        events.accept(ref(d), detail);
    }

    private static Ref ref(DomainObject d) {
        return new Ref(d.uuid(), d.name());
    }
}
