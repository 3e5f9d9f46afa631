package io.virtkit.remote.internal;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * libvirt's {@code remote_error}, the body of every reply with status ERROR: the daemon writes it from a
 * {@link VirtException}, the client turns it back into one with the peer's code, domain and message verbatim.
 */
public final class RemoteError {
    /** {@code VIR_ERR_ERROR}: the level of every error Virtkit sends. */
    private static final int LEVEL_ERROR = 2;

    private RemoteError() {
    }

    /** The body for an error with libvirt's {@code code}, {@code domain} and full {@code message}. */
    public static byte[] encode(int code, int domain, String message) {
        return new XdrWriter().writeInt(code).writeInt(domain).writeOptionalString(message).writeInt(LEVEL_ERROR)
                .writeBool(false) // dom
                .writeOptionalString(null).writeOptionalString(null).writeOptionalString(null)
                .writeInt(0).writeInt(0)
                .writeBool(false) // net
                .toByteArray();
    }

    /**
     * The error a peer sent, as the exception a local caller gets: its code and domain by libvirt's numbers, its
     * message as the peer worded it (libvirt's client shows the server's message unchanged too). The domain and
     * network the error may name are read past: the message names them already.
     */
    public static VirtException decode(byte[] body) {
        XdrReader in = new XdrReader(body);
        int code = in.readInt();
        int domain = in.readInt();
        String message = in.readOptionalString(Packet.STRING_MAX);
        return VirtException.withMessage(ErrorCode.ofNumber(code), ErrorDomain.ofNumber(domain),
                message == null ? ErrorCode.ofNumber(code).message(null) : message);
    }
}
