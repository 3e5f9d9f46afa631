package io.virtkit.hyperv.internal.wsman;

import java.time.Duration;

/** A job did not end within the time given; it is left as it is on the host (its InstanceID is in the message). */
public final class WsmanJobTimeoutException extends WsmanException {
    private static final long serialVersionUID = 1L;

    private final String method;
    private final String jobInstanceId;
    private final Duration timeout;

    public WsmanJobTimeoutException(String method, String jobInstanceId, Duration timeout, int lastJobState) {
        super("the job of " + method + " (" + jobInstanceId + ") did not end within " + timeout.toMillis()
                + " ms (still in state " + lastJobState + " " + JobStates.name(lastJobState) + ")");
        this.method = method;
        this.jobInstanceId = jobInstanceId;
        this.timeout = timeout;
    }

    public String method() {
        return method;
    }

    public String jobInstanceId() {
        return jobInstanceId;
    }

    public Duration timeout() {
        return timeout;
    }
}
