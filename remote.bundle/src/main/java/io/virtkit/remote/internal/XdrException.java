package io.virtkit.remote.internal;

/** Malformed XDR data from a peer; the connection that sent it cannot be trusted any more. */
public final class XdrException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public XdrException(String message) {
        super(message);
    }
}
