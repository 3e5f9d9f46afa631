package io.virtkit.itests.soak;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/** What every client of a soak did, counted as it happens: calls, completed cycles, events seen, and every failure. */
public final class SoakLedger {

    /** One failed call (or a missing event, or a client that died), with what the client was told. */
    public record Failure(String client, String operation, String message) {
        @Override
        public String toString() {
            return client + " " + operation + ": " + message;
        }
    }

    private final AtomicLong calls = new AtomicLong();
    private final Map<SoakDriver, AtomicLong> cycles = new EnumMap<>(Map.of(SoakDriver.TEST, new AtomicLong(),
            SoakDriver.QEMU, new AtomicLong()));
    private final AtomicLong events = new AtomicLong();
    private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();

    void called(long count) {
        calls.addAndGet(count);
    }

    void cycled(SoakDriver driver, long count) {
        cycles.get(driver).addAndGet(count);
    }

    void sawEvents(long count) {
        events.addAndGet(count);
    }

    void failed(String client, String operation, String message) {
        failures.add(new Failure(client, operation, message));
    }

    public long calls() {
        return calls.get();
    }

    /** Cycles completed on each driver (a cycle with a failed call counts too: its failure is recorded). */
    public Map<SoakDriver, Long> cycles() {
        Map<SoakDriver, Long> counts = new EnumMap<>(SoakDriver.class);
        cycles.forEach((driver, count) -> counts.put(driver, count.get()));
        return counts;
    }

    public long events() {
        return events.get();
    }

    public List<Failure> failures() {
        return List.copyOf(failures);
    }
}
