package io.virtkit.qemu.internal.qmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.virtkit.api.ErrorCode;

/** The connect retries until the deadline and the handshake's share of what is left. */
class QmpConnectDeadlineTest {

    @Test
    void retriesWithAGrowingPauseUntilTheDeadlineThenTimesOut() {
        QmpConnectDeadline deadline = new QmpConnectDeadline(Path.of("/run/q.sock"), Duration.ofMillis(150));
        long t0 = System.nanoTime();
        int retries = 0;
        while (deadline.pauseBeforeRetry()) {
            retries++;
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(150);
        // pauses of 2, 4, 8 … 50 ms: a handful of attempts, not a busy loop
        assertThat(retries).isBetween(3, 20);
        assertThat(deadline.connectTimedOut("Connection refused")).satisfies(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_TIMEOUT);
            assertThat(e.getMessage()).isEqualTo("Timed out during operation: failed to connect to monitor socket "
                    + "'/run/q.sock' within 150 ms: Connection refused");
        });
    }

    @Test
    void theHandshakeGetsWhatIsLeftButAtLeastAGrace() {
        QmpConnectDeadline spent = new QmpConnectDeadline(Path.of("/q"), Duration.ZERO);
        assertThat(spent.pauseBeforeRetry()).isFalse();
        assertThat(spent.handshakeWaitNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(500));
        QmpConnectDeadline ample = new QmpConnectDeadline(Path.of("/q"), Duration.ofSeconds(30));
        assertThat(ample.handshakeWaitNanos()).isGreaterThan(TimeUnit.SECONDS.toNanos(29));
    }
}
