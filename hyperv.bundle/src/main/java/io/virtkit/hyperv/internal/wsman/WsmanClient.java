package io.virtkit.hyperv.internal.wsman;

import java.time.Duration;
import java.util.List;

/** PLACEHOLDER of the wsman helper's class (the contract's signature); replaced when h-wsman is merged. */
public final class WsmanClient implements AutoCloseable {
    public List<CimInstance> query(String namespace, Wql wql) {
        throw new UnsupportedOperationException("placeholder");
    }

    public CimInstance get(CimReference instance) {
        throw new UnsupportedOperationException("placeholder");
    }

    public InvokeResult invoke(CimReference instance, String method, List<CimParameter> parameters) {
        throw new UnsupportedOperationException("placeholder");
    }

    public InvokeResult invokeAndWait(CimReference instance, String method, List<CimParameter> parameters,
            Duration timeout) {
        throw new UnsupportedOperationException("placeholder");
    }

    public long roundTrips() {
        return 0;
    }

    @Override
    public void close() {
    }
}
