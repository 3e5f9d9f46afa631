package io.virtkit.qemu.testing;

import java.io.IOException;

/**
 * The tiny guest cannot be prepared on this machine (no apt, no kernel package, no static busybox, ...).
 * The message always says what is missing and how to get it. Under {@code CI=true} it fails the test;
 * elsewhere {@link TinyLinuxGuest.Extension} turns it into a skipped (aborted) test.
 */
public final class GuestUnavailableException extends IOException {

    private static final long serialVersionUID = 1L;

    public GuestUnavailableException(String message) {
        super(message);
    }

    public GuestUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
