package io.virtkit.hyperv.internal.wsman;

/** The service refused the credentials (HTTP 401): wrong user or password, or Basic authentication is off. */
public final class WsmanAuthenticationException extends WsmanException {
    private static final long serialVersionUID = 1L;

    public WsmanAuthenticationException(String message) {
        super(message);
    }
}
