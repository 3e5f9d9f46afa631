package io.virtkit.hyperv.internal.wsman;

import java.time.Duration;
import java.util.function.Function;

/**
 * Waits for the Msvm_ConcreteJob a method started: Get of the job until its JobState says it ended, polling fast
 * first (most jobs of a host end within tens of milliseconds) and backing off, 20 ms doubling to 500 ms.
 * Completed (7) is success; Terminated, Killed, Exception, Service (8–11) failure; New, Starting, Running,
 * Suspended, Shutting Down (2–6) still going; any other state an answer we do not understand.
 */
final class Jobs {

    static final long FIRST_POLL_MILLIS = 20;
    static final long LONGEST_POLL_MILLIS = 500;

    private final Function<CimReference, CimInstance> get;

    Jobs(Function<CimReference, CimInstance> get) {
        this.get = get;
    }

    /** Returns once the job completed; throws when it failed or did not end within {@code timeout}. */
    void await(String method, CimReference job, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_POLL_MILLIS;
        String instanceId = job.selectors().getOrDefault("InstanceID", job.toString());
        while (true) {
            CimInstance state = get.apply(job);
            int jobState = jobState(method, state);
            if (jobState == JobStates.COMPLETED) {
                return;
            }
            if (JobStates.failed(jobState)) {
                String description = state.get("ErrorDescription");
                if (description == null || description.isBlank()) {
                    description = state.get("ErrorSummaryDescription");
                }
                throw new WsmanJobFailedException(method, instanceId, jobState, number(state.get("ErrorCode")),
                        description);
            }
            if (!JobStates.pending(jobState)) {
                throw new WsmanProtocolException("the job of " + method + " (" + instanceId + ") is in the unknown state "
                        + jobState);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new WsmanJobTimeoutException(method, instanceId, timeout, jobState);
            }
            try {
                Thread.sleep(Math.max(1, Math.min(pause, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WsmanTransportException("interrupted while waiting for the job of " + method, e);
            }
            pause = Math.min(LONGEST_POLL_MILLIS, pause * 2);
        }
    }

    private static int jobState(String method, CimInstance job) {
        String text = job.get("JobState");
        try {
            return Integer.parseInt(text.strip());
        } catch (RuntimeException e) {
            throw new WsmanProtocolException("the job of " + method + " has no JobState: " + text);
        }
    }

    private static Long number(String text) {
        try {
            return text == null ? null : Long.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
