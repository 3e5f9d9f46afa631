package io.virtkit.model.domain;

/**
 * {@code <maxMemory>}: the memory a guest may grow to by hot-plugging, and the slots for it.
 *
 * @param kib   the maximum in KiB
 * @param slots the memory slots, or {@code null}
 */
public record MaxMemory(long kib, Integer slots) {

    public MaxMemory {
        DomainValues.nonNegative(kib, "maxMemory", "domain");
        DomainValues.nonNegative(slots, "slots", "maxMemory");
    }
}
