package io.virtkit.qemu.internal.qmp;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;

import org.junit.jupiter.api.function.Executable;

/**
 * The fuzz targets' hang bound (issue 18: no input may take over a second). While fuzzing ({@code JAZZER_FUZZ} set)
 * libFuzzer's {@code -timeout=1}, which bench/fuzz/run passes, bounds each input; JUnit's {@code @Timeout} cannot
 * be used for it, since in Jazzer 0.24 it would bound the whole fuzzing run. In the regression run each committed
 * input runs twice: once to load the classes its path needs (a cold JVM on a busy CI machine can take seconds for
 * that, which is no hang; bounded loosely), then bounded by the second. Public: the remote packet and procedure
 * targets use it too (remote.bundle's tests have this test-jar).
 */
public final class FuzzHangBound {
    public static final Duration PER_INPUT = Duration.ofSeconds(1);
    private static final Duration COLD = Duration.ofSeconds(30);
    private static final boolean FUZZING = System.getenv("JAZZER_FUZZ") != null
            && !System.getenv("JAZZER_FUZZ").isEmpty();

    private FuzzHangBound() {
    }

    public static void run(Executable input) throws Throwable {
        if (FUZZING) {
            input.execute();
            return;
        }
        assertTimeoutPreemptively(COLD, input, "an input ran for more than " + COLD + " on its first run");
        assertTimeoutPreemptively(PER_INPUT, input, "an input took more than a second");
    }
}
