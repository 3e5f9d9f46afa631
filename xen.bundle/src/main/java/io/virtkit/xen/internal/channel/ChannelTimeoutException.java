package io.virtkit.xen.internal.channel;

import java.io.IOException;
import java.time.Duration;

/** A command on the Xen host did not end in time (it was stopped), or the host did not answer in time. */
public final class ChannelTimeoutException extends IOException {
    private static final long serialVersionUID = 1L;

    public ChannelTimeoutException(String command, Duration timeout) {
        super("'" + command + "' did not finish within " + timeout.toSeconds() + " s");
    }

    public ChannelTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
