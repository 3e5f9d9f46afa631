package io.virtkit.xen.testing;

import java.io.IOException;
import java.time.Duration;

/** A step of a nested-Xen test whose time goes to stderr ("nested xen: … took N ms"), for NESTED-XEN.md's table. */
interface TimedStep<T> {
    T run() throws IOException;

    static <T> T timed(String what, TimedStep<T> step) throws IOException {
        long start = System.nanoTime();
        try {
            return step.run();
        } finally {
            System.err.printf("nested xen: %s took %d ms%n", what, Duration.ofNanos(System.nanoTime() - start).toMillis());
        }
    }
}
