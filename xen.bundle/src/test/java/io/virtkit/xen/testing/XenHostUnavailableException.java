package io.virtkit.xen.testing;

import java.io.IOException;

/**
 * The nested Xen host cannot be prepared on this machine for a reason outside the code under test (no Debian
 * package mirror, no apt): its tests skip, except under {@code CI=true}, where they fail with this reason.
 */
final class XenHostUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    XenHostUnavailableException(String message) {
        super(message);
    }

    XenHostUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
