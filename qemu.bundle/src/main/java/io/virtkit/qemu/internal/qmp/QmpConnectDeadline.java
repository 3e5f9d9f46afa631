package io.virtkit.qemu.internal.qmp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * The time a monitor connection has to come up, shared by its steps: QEMU creates and listens on its
 * monitor socket a little after it starts, so a connect that finds the socket absent or refusing is retried,
 * with a growing pause, until the deadline; then the greeting and {@code qmp_capabilities} get what is left,
 * but never less than a short grace (QEMU answers within milliseconds once it accepted).
 */
final class QmpConnectDeadline {
    /** QEMU answers within milliseconds once the socket exists; a little grace past a tight deadline. */
    private static final Duration MIN_HANDSHAKE_WAIT = Duration.ofMillis(500);
    private static final long FIRST_RETRY_SLEEP_MS = 2;
    private static final long RETRY_SLEEP_MAX_MS = 50;

    private final Path socket;
    private final Duration timeout;
    private final long deadline;
    private long sleepMs = FIRST_RETRY_SLEEP_MS;

    /** A deadline {@code timeout} from now for connecting to {@code socket}. */
    QmpConnectDeadline(Path socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    /**
     * Pauses before the next connect attempt (a little longer each time, never past the deadline); false,
     * without pausing, when the deadline has passed.
     *
     * @throws VirtException OPERATION_ABORTED when interrupted
     */
    boolean pauseBeforeRetry() {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        try {
            Thread.sleep(Math.min(sleepMs, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.QEMU,
                    "interrupted while connecting to monitor socket '" + socket + "'");
        }
        sleepMs = Math.min(RETRY_SLEEP_MAX_MS, sleepMs * 2);
        return true;
    }

    /** OPERATION_TIMEOUT: the socket did not accept in time, the last attempt failing for {@code lastError}. */
    VirtException connectTimedOut(String lastError) {
        return new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.QEMU,
                "failed to connect to monitor socket '" + socket + "' within " + timeout.toMillis() + " ms: "
                        + lastError);
    }

    /** How long the next handshake step may wait: what is left of the deadline, at least the grace. */
    long handshakeWaitNanos() {
        return Math.max(MIN_HANDSHAKE_WAIT.toNanos(), deadline - System.nanoTime());
    }
}
