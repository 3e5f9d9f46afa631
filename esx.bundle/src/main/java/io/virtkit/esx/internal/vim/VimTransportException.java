package io.virtkit.esx.internal.vim;

/**
 * A call that got no answer: the server could not be reached, the connection dropped, or the answer did not
 * come within the call timeout. Nothing is known of whether the server acted on it.
 */
public final class VimTransportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VimTransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
