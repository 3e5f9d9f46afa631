package io.virtkit.hyperv.internal.wsman;

import java.util.Optional;

/**
 * What a method returned: its ReturnValue (0 done, 4096 a job was started, anything else an error code) and its
 * out parameters as an instance of class {@code METHOD_OUTPUT} ({@code Job}, {@code ResultingSystem} …).
 */
public record InvokeResult(long returnValue, CimInstance output) {

    public static final long COMPLETED = 0;
    public static final long JOB_STARTED = 4096;

    /** The {@code Job} out parameter (an Msvm_ConcreteJob) when ReturnValue is 4096. */
    public Optional<CimReference> job() {
        return returnValue == JOB_STARTED ? Optional.ofNullable(output.reference("Job")) : Optional.empty();
    }
}
