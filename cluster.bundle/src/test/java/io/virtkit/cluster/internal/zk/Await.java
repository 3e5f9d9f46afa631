package io.virtkit.cluster.internal.zk;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a state the test means, within a generous bound (never sleep-and-hope). */
public final class Await {
    private Await() {
    }

    public static void until(Duration bound, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + bound + ": " + what);
            }
            Thread.sleep(50);
        }
    }
}
