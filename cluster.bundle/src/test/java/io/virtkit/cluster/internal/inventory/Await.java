package io.virtkit.cluster.internal.inventory;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a state with a generous bound (never sleep-and-hope); fails naming what was last seen. */
final class Await {
    private Await() {
    }

    static void until(String what, Duration bound, BooleanSupplier reached, Supplier<Object> seen)
            throws InterruptedException {
        long end = System.nanoTime() + bound.toNanos();
        while (!reached.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("not reached within " + bound + ": " + what + "; last seen: " + seen.get());
            }
            Thread.sleep(10);
        }
    }
}
