package io.virtkit.core.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The sub-drivers of one kind registered at this moment, kept in the order they are asked: highest
 * service ranking first, then earliest registration. Thread-safe; drivers come and go while connections
 * are opened.
 *
 * @param <D> the kind of sub-driver (hypervisor, network)
 */
final class DriverRegistry<D> {

    private record Entry<D>(D driver, int ranking, long serviceId) {
    }

    private final Function<D, Set<String>> schemes;
    private final List<Entry<D>> entries = new CopyOnWriteArrayList<>();

    /** @param schemes the lower-case URI schemes a driver serves */
    DriverRegistry(Function<D, Set<String>> schemes) {
        this.schemes = schemes;
    }

    synchronized void add(D driver, int ranking, long serviceId) {
        List<Entry<D>> next = new ArrayList<>(entries);
        next.add(new Entry<>(driver, ranking, serviceId));
        next.sort(Comparator.<Entry<D>>comparingInt(Entry::ranking).reversed()
                .thenComparingLong(Entry::serviceId));
        entries.clear();
        entries.addAll(next);
    }

    synchronized void remove(D driver) {
        entries.removeIf(e -> e.driver() == driver);
    }

    /** Every driver, in the order they are asked. */
    List<D> all() {
        return entries.stream().map(Entry::driver).toList();
    }

    /** The drivers serving {@code scheme} (lower case), in the order they are asked. */
    List<D> serving(String scheme) {
        return entries.stream().map(Entry::driver).filter(d -> schemes.apply(d).contains(scheme)).toList();
    }
}
