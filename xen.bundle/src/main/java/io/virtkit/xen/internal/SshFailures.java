package io.virtkit.xen.internal;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.xen.internal.channel.ChannelTimeoutException;
import io.virtkit.xen.internal.channel.HostKeyRejectedException;
import io.virtkit.xen.internal.channel.SshTarget;

/** Why an SSH connection to a Xen host could not be opened, in words a user can act on. */
final class SshFailures {
    private SshFailures() {
    }

    static VirtException of(SshTarget target, Exception e) {
        if (e instanceof VirtException virt) {
            return virt; // the credential callback declined
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (e instanceof HostKeyRejectedException) {
            return new VirtException(ErrorCode.AUTH_FAILED, ErrorDomain.LIBXL, message, e);
        }
        if (e instanceof ChannelTimeoutException) {
            return new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.LIBXL,
                    "Cannot connect to Xen host " + target + ": " + message, e);
        }
        if (message.contains("No more authentication methods") || message.contains("authentication")) {
            return new VirtException(ErrorCode.AUTH_FAILED, ErrorDomain.LIBXL, "SSH login to " + target
                    + " failed: none of the keys " + target.identities() + " (nor a password) was accepted", e);
        }
        return new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.LIBXL,
                "Cannot connect to Xen host " + target + ": " + message, e);
    }
}
