package io.virtkit.esx.internal.vmx;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/** libvirt's VMX errors: its vmx code reports without an error domain of its own (VIR_FROM_NONE). */
final class VmxErrors {
    private VmxErrors() {
    }

    /** An internal error, the code libvirt's VMX code uses for most refusals. */
    static VirtException internal(String detail) {
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.NONE, detail);
    }

    /** A configuration libvirt's VMX code cannot express. */
    static VirtException unsupported(String detail) {
        return new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.NONE, detail);
    }
}
