package io.virtkit.cluster.internal.ha;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The recovery leader's memory of which HA guests it has seen without a lease, since when: a guest is due once it
 * was seen lease-less at every look for the margin. Cleared at each election, so a new leader counts from its own
 * observations only (it cannot know when a lease vanished before). Looks come every second; a lease it missed
 * between two looks lived less than a second, so it ended by its owner's release after the domain stopped, never
 * by an expiry (a session expires only after a whole timeout of silence): such a guest is not running either.
 */
final class OwnerlessGuests {
    private final long marginNanos;
    /** guest name → System.nanoTime() of the first look that found it without a lease */
    private final Map<String, Long> since = new ConcurrentHashMap<>();

    OwnerlessGuests(long marginNanos) {
        this.marginNanos = marginNanos;
    }

    long marginNanos() {
        return marginNanos;
    }

    /** Forgets every observation: a new term of leadership starts counting afresh. */
    void clear() {
        since.clear();
    }

    /**
     * Records one look at the HA guests wanted running and the leases present at {@code now}, and gives the guests
     * lease-less since {@code now - margin} or earlier.
     */
    List<String> look(Collection<String> wantedHa, Set<String> leased, long now) {
        since.keySet().retainAll(wantedHa);
        List<String> due = new ArrayList<>();
        for (String name : wantedHa) {
            if (leased.contains(name)) {
                since.remove(name);
                continue;
            }
            long first = since.computeIfAbsent(name, n -> now);
            if (now - first >= marginNanos) {
                due.add(name);
            }
        }
        return due;
    }

    /** Since when the guest has been seen without a lease, if it is now. */
    OptionalLong since(String name) {
        Long first = since.get(name);
        return first == null ? OptionalLong.empty() : OptionalLong.of(first);
    }
}
