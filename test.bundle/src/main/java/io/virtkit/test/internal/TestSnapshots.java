package io.virtkit.test.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

import io.virtkit.api.DomainSnapshotCreateFlag;
import io.virtkit.api.DomainSnapshotDeleteFlag;
import io.virtkit.api.DomainSnapshotListFlag;
import io.virtkit.api.DomainSnapshotRevertFlag;
import io.virtkit.api.DomainSnapshotXmlFlag;
import io.virtkit.api.DomainState;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DriverFlags;
import io.virtkit.model.domain.DiskDevice;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.snapshot.SnapshotDefinition;
import io.virtkit.model.snapshot.SnapshotDisk;
import io.virtkit.model.snapshot.SnapshotLocation;
import io.virtkit.model.snapshot.SnapshotMemory;
import io.virtkit.model.snapshot.SnapshotState;
import io.virtkit.model.snapshot.SnapshotXmlCodec;

/**
 * Snapshots as libvirt's test driver keeps them: metadata only (the domain definition and state at the time), a
 * tree by parent names with a current snapshot, reverting that restores the kept definition and state, deleting
 * with or without the descendants. Its refusals and wording are the test driver's. Not thread-safe: {@link TestDomains}
 * calls it under its lock, as it does {@link TestDomainLifecycle}.
 */
final class TestSnapshots {

    private static final long CREATE_FLAGS = DomainSnapshotCreateFlag.REDEFINE.bit()
            | DomainSnapshotCreateFlag.CURRENT.bit() | DomainSnapshotCreateFlag.HALT.bit()
            | DomainSnapshotCreateFlag.QUIESCE.bit() | DomainSnapshotCreateFlag.ATOMIC.bit()
            | DomainSnapshotCreateFlag.LIVE.bit() | DomainSnapshotCreateFlag.VALIDATE.bit();
    /** libvirt's test driver deletes metadata only anyway, but refuses METADATA_ONLY as unsupported. */
    private static final long DELETE_FLAGS = DomainSnapshotDeleteFlag.CHILDREN.bit()
            | DomainSnapshotDeleteFlag.CHILDREN_ONLY.bit();
    private static final long REVERT_FLAGS = DomainSnapshotRevertFlag.RUNNING.bit()
            | DomainSnapshotRevertFlag.PAUSED.bit() | DomainSnapshotRevertFlag.FORCE.bit();

    private final TestDomainLifecycle lifecycle;
    private final LongSupplier wallClockSeconds;

    TestSnapshots(TestDomainLifecycle lifecycle, LongSupplier wallClockSeconds) {
        this.lifecycle = lifecycle;
        this.wallClockSeconds = wallClockSeconds;
    }

    // ---- create -------------------------------------------------------------------------------------

    /** Takes (or with REDEFINE defines) a snapshot of {@code d}; returns its name. */
    String create(DomainObject d, String xml, long flags) {
        DriverFlags.check(flags, CREATE_FLAGS, "virDomainSnapshotCreateXML");
        boolean redefine = (flags & DomainSnapshotCreateFlag.REDEFINE.bit()) != 0;
        boolean halt = (flags & DomainSnapshotCreateFlag.HALT.bit()) != 0;
        if (!d.persistent && halt) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                    "cannot halt after transient domain snapshot");
        }
        if (redefine) {
            return redefine(d, SnapshotXmlCodec.parseForRedefine(xml),
                    (flags & DomainSnapshotCreateFlag.CURRENT.bit()) != 0);
        }
        SnapshotDefinition asked = SnapshotXmlCodec.parseForCreate(xml, wallClockSeconds.getAsLong());
        SnapshotTree tree = d.snapshots;
        if (asked.memory() != null && asked.memory().snapshot() == SnapshotLocation.EXTERNAL) {
            // libvirt then makes every disk external, and the test driver's disks are no regular files
            String disk = d.def.devices().disks().isEmpty() ? "" : d.def.devices().disks().get(0).targetDev();
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN_SNAPSHOT, "source for disk '"
                    + disk + "' is not a regular file; refusing to generate external snapshot name");
        }
        SnapshotState state = SnapshotState.of(d.state());
        List<SnapshotDisk> disks = alignDisks(d.def, asked.disks());
        if (tree.contains(asked.name())) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.DOMAIN,
                    "domain moment " + asked.name() + " already exists");
        }
        SnapshotLocation memory = state == SnapshotState.SHUTOFF ? SnapshotLocation.NO : SnapshotLocation.INTERNAL;
        SnapshotDefinition def = asked.withState(state).withMemory(new SnapshotMemory(memory, null)).withDisks(disks)
                .withDomain(d.def).withParent(tree.current());
        tree.put(def);
        tree.setCurrent(def.name());
        if (halt && d.isActive()) {
            lifecycle.stopFromSnapshot(d);
        }
        return def.name();
    }

    /**
     * libvirt's disk alignment for internal snapshots: every disk of the domain in its order, as the client asked
     * or by default (the disk's own {@code snapshot} setting, else none for a read-only one, else internal).
     */
    private static List<SnapshotDisk> alignDisks(DomainDefinition dom, List<SnapshotDisk> asked) {
        Set<String> seen = new HashSet<>();
        for (SnapshotDisk a : asked) {
            if (dom.devices().disks().stream().noneMatch(disk -> a.name().equals(disk.targetDev()))) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN_SNAPSHOT,
                        "no disk named '" + a.name() + "'");
            }
            if (!seen.add(a.name())) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN_SNAPSHOT,
                        "disk '" + a.name() + "' specified twice");
            }
            if (a.snapshot() != null && a.snapshot() != SnapshotLocation.INTERNAL
                    && a.snapshot() != SnapshotLocation.NO) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN_SNAPSHOT,
                        "disk '" + a.name() + "' must use snapshot mode 'internal'");
            }
        }
        List<SnapshotDisk> result = new ArrayList<>();
        for (DiskDevice disk : dom.devices().disks()) {
            SnapshotDisk chosen = asked.stream().filter(a -> a.name().equals(disk.targetDev())).findFirst()
                    .orElse(null);
            SnapshotLocation location = chosen != null && chosen.snapshot() != null ? chosen.snapshot()
                    : disk.snapshot() != null ? SnapshotLocation.ofXmlName(disk.snapshot()).orElse(null)
                    : disk.readonly() ? SnapshotLocation.NO : SnapshotLocation.INTERNAL;
            result.add(new SnapshotDisk(disk.targetDev(), location == null ? SnapshotLocation.INTERNAL : location,
                    null, null));
        }
        return result;
    }

    private static String redefine(DomainObject d, SnapshotDefinition def, boolean makeCurrent) {
        SnapshotTree tree = d.snapshots;
        if (def.domain() != null && !d.uuid().equals(def.domain().uuid())) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN_SNAPSHOT, "definition for snapshot "
                    + def.name() + " must use uuid " + d.uuid());
        }
        if (def.parent() != null && tree.isAncestorOrSelf(def.name(), def.parent())) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN_SNAPSHOT,
                    "parent " + def.parent() + " would create cycle to " + def.name());
        }
        if (tree.contains(def.name()) && tree.get(def.name()).state().isActive() != def.state().isActive()) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN_SNAPSHOT,
                    "cannot change between online and offline snapshot state in snapshot " + def.name());
        }
        tree.put(def);
        if (makeCurrent) {
            tree.setCurrent(def.name());
        }
        return def.name();
    }

    // ---- what a snapshot reports ---------------------------------------------------------------------

    /** The snapshots of {@code d} ({@code from} null) or below {@code from}, filtered as libvirt's list flags say. */
    List<String> list(DomainObject d, String from, long flags, String function) {
        DriverFlags.decode(flags, DomainSnapshotListFlag.class, function);
        SnapshotTree tree = d.snapshots;
        boolean bit0 = (flags & DomainSnapshotListFlag.ROOTS.bit()) != 0;
        List<SnapshotDefinition> candidates;
        if (from == null) {
            candidates = bit0 ? tree.children(null) : tree.descendants(null);
        } else {
            tree.get(from);
            candidates = bit0 ? tree.descendants(from) : tree.children(from);
        }
        List<String> names = new ArrayList<>();
        for (SnapshotDefinition s : candidates) {
            if (matches(tree, s, flags)) {
                names.add(s.name());
            }
        }
        return names;
    }

    private static boolean matches(SnapshotTree tree, SnapshotDefinition s, long flags) {
        boolean leaf = !tree.hasChildren(s.name());
        if (!group(flags, DomainSnapshotListFlag.LEAVES, leaf, DomainSnapshotListFlag.NO_LEAVES, !leaf)) {
            return false;
        }
        // every snapshot here has metadata
        if (!group(flags, DomainSnapshotListFlag.METADATA, true, DomainSnapshotListFlag.NO_METADATA, false)) {
            return false;
        }
        long stateBits = DomainSnapshotListFlag.INACTIVE.bit() | DomainSnapshotListFlag.ACTIVE.bit()
                | DomainSnapshotListFlag.DISK_ONLY.bit();
        if ((flags & stateBits) != 0) {
            boolean inactive = s.state() == SnapshotState.SHUTOFF;
            boolean diskOnly = s.state() == SnapshotState.DISK_SNAPSHOT;
            boolean ok = inactive && (flags & DomainSnapshotListFlag.INACTIVE.bit()) != 0
                    || diskOnly && (flags & DomainSnapshotListFlag.DISK_ONLY.bit()) != 0
                    || !inactive && !diskOnly && (flags & DomainSnapshotListFlag.ACTIVE.bit()) != 0;
            if (!ok) {
                return false;
            }
        }
        boolean external = s.memory() != null && s.memory().snapshot() == SnapshotLocation.EXTERNAL
                || s.disks().stream().anyMatch(disk -> disk.snapshot() == SnapshotLocation.EXTERNAL);
        return group(flags, DomainSnapshotListFlag.INTERNAL, !external, DomainSnapshotListFlag.EXTERNAL, external);
    }

    /** A filter group of two flags: no flag set passes all, else one set flag must hold. */
    private static boolean group(long flags, DomainSnapshotListFlag a, boolean isA, DomainSnapshotListFlag b,
            boolean isB) {
        boolean hasA = (flags & a.bit()) != 0;
        boolean hasB = (flags & b.bit()) != 0;
        return !hasA && !hasB || hasA && isA || hasB && isB;
    }

    String xml(DomainObject d, String name, long flags) {
        DriverFlags.check(flags, DomainSnapshotXmlFlag.SECURE.bit(), "virDomainSnapshotGetXMLDesc");
        SnapshotDefinition def = d.snapshots.get(name);
        return (flags & DomainSnapshotXmlFlag.SECURE.bit()) != 0
                ? SnapshotXmlCodec.format(def, DomainSnapshotXmlFlag.SECURE) : SnapshotXmlCodec.format(def);
    }

    String parent(DomainObject d, String name) {
        SnapshotDefinition def = d.snapshots.get(name);
        if (def.parent() == null) {
            throw new VirtException(ErrorCode.NO_DOMAIN_SNAPSHOT, ErrorDomain.TEST,
                    "snapshot '" + name + "' does not have a parent");
        }
        return def.parent();
    }

    String current(DomainObject d) {
        String current = d.snapshots.current();
        if (current == null) {
            throw new VirtException(ErrorCode.NO_DOMAIN_SNAPSHOT, ErrorDomain.TEST,
                    "the domain does not have a current snapshot");
        }
        return current;
    }

    // ---- delete and revert ---------------------------------------------------------------------------

    void delete(DomainObject d, String name, long flags) {
        DriverFlags.check(flags, DELETE_FLAGS, "virDomainSnapshotDelete");
        SnapshotTree tree = d.snapshots;
        SnapshotDefinition snap = tree.get(name);
        boolean childrenOnly = (flags & DomainSnapshotDeleteFlag.CHILDREN_ONLY.bit()) != 0;
        if (childrenOnly || (flags & DomainSnapshotDeleteFlag.CHILDREN.bit()) != 0) {
            boolean currentGone = false;
            for (SnapshotDefinition child : tree.descendants(name)) {
                currentGone |= child.name().equals(tree.current());
                tree.remove(child.name());
            }
            if (currentGone) {
                tree.setCurrent(name);
            }
        } else {
            for (SnapshotDefinition child : tree.children(name)) {
                tree.put(child.withParent(snap.parent()));
            }
        }
        if (!childrenOnly) {
            boolean wasCurrent = name.equals(tree.current());
            tree.remove(name);
            if (wasCurrent && snap.parent() != null && tree.contains(snap.parent())) {
                tree.setCurrent(snap.parent());
            }
        }
    }

    /**
     * Puts {@code d} back into the snapshot's definition and state, as libvirt 9.0's test driver does (including its
     * quirk that RUNNING or PAUSED on an inactive snapshot leaves the domain shut off).
     */
    void revert(DomainObject d, String name, long flags) {
        DriverFlags.check(flags, REVERT_FLAGS, "virDomainRevertToSnapshot");
        SnapshotTree tree = d.snapshots;
        SnapshotDefinition snap = tree.get(name);
        boolean run = (flags & DomainSnapshotRevertFlag.RUNNING.bit()) != 0;
        boolean pause = (flags & DomainSnapshotRevertFlag.PAUSED.bit()) != 0;
        boolean force = (flags & DomainSnapshotRevertFlag.FORCE.bit()) != 0;
        boolean snapActive = snap.state() == SnapshotState.RUNNING || snap.state() == SnapshotState.PAUSED;
        if (!d.persistent && !snapActive && !run && !pause) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                    "transient domain needs to request run or pause to revert to inactive snapshot");
        }
        if (!force) {
            if (snap.domain() == null) {
                throw new VirtException(ErrorCode.SNAPSHOT_REVERT_RISKY, ErrorDomain.TEST,
                        "snapshot '" + name + "' lacks domain '" + d.name() + "' rollback info");
            }
            if (d.isActive() && !snapActive && (run || pause)) {
                throw new VirtException(ErrorCode.SNAPSHOT_REVERT_RISKY, ErrorDomain.TEST,
                        "must respawn guest to start inactive snapshot");
            }
        }
        DomainDefinition config = snap.domain() != null ? snap.domain() : d.persistentDef();
        tree.setCurrent(null);
        if (snapActive) {
            boolean paused = !run && (snap.state() == SnapshotState.PAUSED || pause);
            if (d.isActive()) {
                boolean wasRunning = d.state() == DomainState.RUNNING;
                d.def = config;
                d.nextDef = null;
                lifecycle.settleFromSnapshot(d, paused, wasRunning);
            } else {
                d.def = config;
                lifecycle.bootFromSnapshot(d, paused);
            }
        } else if (d.isActive()) {
            d.nextDef = config;
            lifecycle.stopFromSnapshot(d);
        } else {
            d.def = config;
        }
        if (d.persistent || d.isActive()) {
            tree.setCurrent(name);
        }
    }
}
