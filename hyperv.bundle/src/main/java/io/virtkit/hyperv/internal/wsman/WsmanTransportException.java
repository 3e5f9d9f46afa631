package io.virtkit.hyperv.internal.wsman;

/**
 * A call that got no answer: the connection was refused, reset or closed before the answer was complete, the
 * answer did not come in time, or TLS failed. The message names host:port and the cause. Nothing is known of
 * whether the service acted on the call.
 */
public final class WsmanTransportException extends WsmanException {
    private static final long serialVersionUID = 1L;

    public WsmanTransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
