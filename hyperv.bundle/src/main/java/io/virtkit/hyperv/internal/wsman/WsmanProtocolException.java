package io.virtkit.hyperv.internal.wsman;

/**
 * An answer that is not the WS-Management it should be: not XML, not a SOAP 1.2 envelope, an answer to another
 * request (RelatesTo), another action, a missing element, an HTTP status without a SOAP fault.
 */
public final class WsmanProtocolException extends WsmanException {
    private static final long serialVersionUID = 1L;

    public WsmanProtocolException(String message) {
        super(message);
    }

    public WsmanProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
