package io.virtkit.core.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import io.virtkit.api.spi.HypervisorDriver;

/**
 * The drivers registered at this moment, kept in the order they are asked: highest service ranking
 * first, then earliest registration. Thread-safe; drivers come and go while connections are opened.
 */
final class DriverRegistry {

    record Entry(HypervisorDriver driver, int ranking, long serviceId) {
    }

    private static final Comparator<Entry> ORDER =
            Comparator.comparingInt(Entry::ranking).reversed().thenComparingLong(Entry::serviceId);

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    synchronized void add(HypervisorDriver driver, int ranking, long serviceId) {
        List<Entry> next = new ArrayList<>(entries);
        next.add(new Entry(driver, ranking, serviceId));
        next.sort(ORDER);
        entries.clear();
        entries.addAll(next);
    }

    synchronized void remove(HypervisorDriver driver) {
        entries.removeIf(e -> e.driver() == driver);
    }

    /** Every driver, in the order they are asked. */
    List<HypervisorDriver> all() {
        return entries.stream().map(Entry::driver).toList();
    }

    /** The drivers serving {@code scheme}, in the order they are asked. */
    List<HypervisorDriver> serving(String scheme) {
        String wanted = scheme.toLowerCase(Locale.ROOT);
        return entries.stream().map(Entry::driver).filter(d -> d.schemes().contains(wanted)).toList();
    }
}
