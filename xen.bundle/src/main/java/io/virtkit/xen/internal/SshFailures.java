package io.virtkit.xen.internal;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.xen.internal.channel.SshTarget;

/** Why an SSH connection to a Xen host could not be opened, in words a user can act on. */
final class SshFailures {
    private SshFailures() {
    }

    static VirtException of(SshTarget target, Exception e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (message.contains("did not validate") || message.contains("Server key")) {
            return new VirtException(ErrorCode.AUTH_FAILED, ErrorDomain.LIBXL, "the host key of " + target
                    + " is not in " + target.knownHosts() + " (add it, or connect with no_verify=1)", e);
        }
        if (message.contains("authentication") || message.contains("No more authentication methods")) {
            return new VirtException(ErrorCode.AUTH_FAILED, ErrorDomain.LIBXL,
                    "SSH login to " + target + " failed: " + message, e);
        }
        return new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.LIBXL,
                "Cannot connect to Xen host " + target + ": " + message, e);
    }
}
