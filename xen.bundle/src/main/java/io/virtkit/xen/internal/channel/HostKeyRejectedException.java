package io.virtkit.xen.internal.channel;

import java.io.IOException;

/** The SSH host's key was refused (unknown or changed); nothing was run there. */
public final class HostKeyRejectedException extends IOException {
    private static final long serialVersionUID = 1L;

    public HostKeyRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
