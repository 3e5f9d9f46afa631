package io.virtkit.remote.internal;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling for a state the daemon reaches on its own threads: the tests assert what they need afterwards. */
final class Waits {

    private Waits() {
    }

    /** Waits up to {@code bound} for {@code condition}; whether it held. */
    static boolean within(Duration bound, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }
}
