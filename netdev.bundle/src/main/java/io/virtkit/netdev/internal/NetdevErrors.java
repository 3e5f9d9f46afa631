package io.virtkit.netdev.internal;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * libvirt-style errors for netdev. libvirt's netdev helpers (virnetdev.c, virnetdevtap.c,
 * virnetdevbridge.c) report from VIR_FROM_NONE, and system errors append ": strerror(errno)".
 */
final class NetdevErrors {
    private NetdevErrors() {
    }

    /** {@code virReportSystemError(errno, what)}: "what: No such device". */
    static VirtException system(int errno, String what) {
        return new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.NONE, what + ": " + LibC.describe(errno));
    }

    static VirtException system(int errno, String what, Throwable cause) {
        return new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.NONE, what + ": " + LibC.describe(errno), cause);
    }

    /** The seed rule's error, exactly libvirt's (virNetDevTapCreate, VIR_ERR_OPERATION_INVALID). */
    static VirtException interfaceExists(String name) {
        return new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NONE,
                "The " + name + " interface already exists");
    }
}
