package io.virtkit.remote.internal.access;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * The refusals of the daemon's access control, in libvirt's words: a call the client's role does not cover gets what
 * libvirt's generated ACL checks report (VIR_ERR_ACCESS_DENIED from VIR_FROM_ACCESS, "'DRIVER' denied access", never
 * saying why, as libvirt's access manager keeps reasons out of the client's sight), and a read-write open by a
 * client without a role what libvirt's polkit check reports for a policy that says no.
 */
public final class AccessDenied {
    private AccessDenied() {
    }

    /**
     * A call refused: {@code access denied: 'QEMU' denied access}.
     *
     * @param connectionType the connection's {@code virConnectGetType}; libvirt names the driver by its own name,
     *     which differs from the type for the test driver only ("Test" against "TEST")
     */
    public static VirtException call(String connectionType) {
        String driver = "TEST".equals(connectionType) ? "Test" : connectionType;
        return new VirtException(ErrorCode.ACCESS_DENIED, ErrorDomain.ACCESS, "'" + driver + "' denied access");
    }

    /** A read-write open by a client without a role: {@code authentication failed: access denied by policy}. */
    public static VirtException readWriteOpen() {
        return new VirtException(ErrorCode.AUTH_FAILED, ErrorDomain.ACCESS, "access denied by policy");
    }
}
