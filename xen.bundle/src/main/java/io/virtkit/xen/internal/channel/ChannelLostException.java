package io.virtkit.xen.internal.channel;

import java.io.IOException;

/**
 * The SSH session ended while a command ran: the command may have finished on the host, or still run there (it is
 * not stopped: the host cannot be reached to stop it). Whoever ran it must find out from the host what happened.
 */
public final class ChannelLostException extends IOException {
    private static final long serialVersionUID = 1L;

    public ChannelLostException(String message) {
        super(message);
    }
}
