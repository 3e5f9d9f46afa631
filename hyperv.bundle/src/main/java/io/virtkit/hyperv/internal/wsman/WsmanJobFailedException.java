package io.virtkit.hyperv.internal.wsman;

/**
 * The job a method started ended in failure: JobState 8 Terminated, 9 Killed, 10 Exception or 11 Service, with
 * the job's ErrorCode and ErrorDescription (or ErrorSummaryDescription when that is all it says).
 */
public final class WsmanJobFailedException extends WsmanException {
    private static final long serialVersionUID = 1L;

    private final String method;
    private final String jobInstanceId;
    private final int jobState;
    private final Long errorCode;
    private final String errorDescription;

    public WsmanJobFailedException(String method, String jobInstanceId, int jobState, Long errorCode,
            String errorDescription) {
        super("the job of " + method + " (" + jobInstanceId + ") ended in state " + jobState + " "
                + JobStates.name(jobState) + (errorCode == null ? "" : ", error code " + errorCode)
                + (errorDescription == null || errorDescription.isBlank() ? "" : ": " + errorDescription));
        this.method = method;
        this.jobInstanceId = jobInstanceId;
        this.jobState = jobState;
        this.errorCode = errorCode;
        this.errorDescription = errorDescription;
    }

    public String method() {
        return method;
    }

    public String jobInstanceId() {
        return jobInstanceId;
    }

    public int jobState() {
        return jobState;
    }

    /** ErrorCode of the job, null when it gave none. */
    public Long errorCode() {
        return errorCode;
    }

    /** ErrorDescription (or ErrorSummaryDescription) of the job, null when it gave none. */
    public String errorDescription() {
        return errorDescription;
    }
}
