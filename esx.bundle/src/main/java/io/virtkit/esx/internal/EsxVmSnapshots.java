package io.virtkit.esx.internal;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What a connection last read of its VMs, each answering again for a short time and only while the session made
 * no change ({@link io.virtkit.esx.internal.vim.VimSession#changes()}): a read records the change count from
 * before it began, so a read that overlapped a change of this session is never served again.
 */
final class EsxVmSnapshots {

    private record Snapshot(EsxVm vm, long readAt, long generation) {
    }

    private final LongSupplier changes;
    private final long freshNanos;
    private final Map<UUID, Snapshot> byUuid = new ConcurrentHashMap<>();
    private final Map<String, UUID> byName = new ConcurrentHashMap<>();

    EsxVmSnapshots(LongSupplier changes, long freshNanos) {
        this.changes = changes;
        this.freshNanos = freshNanos;
    }

    /** The change count to hand to {@link #put} for a read that begins now. */
    long begin() {
        return changes.getAsLong();
    }

    void put(EsxVm vm, long generation) {
        if (freshNanos <= 0) {
            return;
        }
        byUuid.put(vm.uuid(), new Snapshot(vm, System.nanoTime(), generation));
        byName.put(vm.name(), vm.uuid());
    }

    /** The VM with this UUID as read a moment ago, or null when there is no such fresh read. */
    EsxVm get(UUID uuid) {
        Snapshot s = byUuid.get(uuid);
        if (s == null) {
            return null;
        }
        if (s.generation() != changes.getAsLong() || System.nanoTime() - s.readAt() > freshNanos) {
            byUuid.remove(uuid, s);
            return null;
        }
        return s.vm();
    }

    /** The VM of this name as read a moment ago, or null. */
    EsxVm named(String name) {
        UUID uuid = byName.get(name);
        EsxVm vm = uuid == null ? null : get(uuid);
        return vm != null && vm.name().equals(name) ? vm : null;
    }

    void clear() {
        byUuid.clear();
        byName.clear();
    }
}
