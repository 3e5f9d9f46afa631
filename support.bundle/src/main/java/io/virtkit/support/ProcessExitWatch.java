package io.virtkit.support;

import io.virtkit.support.process.PidFd;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;

/**
 * Waits on a background thread for the end of a process that is not the JVM's child, through its pidfd (never
 * its pid, which the next fork may reuse).
 */
final class ProcessExitWatch {
    private static final Duration ROUND = Duration.ofMillis(500);

    private ProcessExitWatch() {
    }

    /**
     * {@code exited} runs once the process has gone; the watch ends without it once {@code runEnded} says so,
     * or once {@code driverClosed} does (the pidfd is then closed: the next driver instance opens its own).
     */
    static void start(Executor background, PidFd pidfd, BooleanSupplier driverClosed, BooleanSupplier runEnded,
            Runnable exited) {
        try {
            background.execute(() -> {
                while (!pidfd.awaitExit(ROUND)) {
                    if (driverClosed.getAsBoolean()) {
                        pidfd.close();
                        return;
                    }
                    if (runEnded.getAsBoolean()) {
                        return;
                    }
                }
                exited.run();
            });
        } catch (RejectedExecutionException e) {
            pidfd.close(); // closing
        }
    }
}
