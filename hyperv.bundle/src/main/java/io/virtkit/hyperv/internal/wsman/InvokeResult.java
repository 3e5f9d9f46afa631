package io.virtkit.hyperv.internal.wsman;

import java.util.Optional;

/** PLACEHOLDER of the wsman helper's class (the contract's signature); replaced when h-wsman is merged. */
public record InvokeResult(long returnValue, CimInstance output) {
    public Optional<CimReference> job() {
        return Optional.ofNullable(output == null ? null : output.reference("Job"));
    }
}
