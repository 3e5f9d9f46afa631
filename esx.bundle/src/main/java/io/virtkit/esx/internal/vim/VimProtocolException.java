package io.virtkit.esx.internal.vim;

/**
 * The server's answer is not what the vSphere API promises (malformed SOAP, a missing field, an HTTP status
 * without a SOAP body). The driver turns it into libvirt's INTERNAL_ERROR.
 */
public final class VimProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VimProtocolException(String message) {
        super(message);
    }

    public VimProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
