package io.virtkit.xen.internal.xl;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * libvirt's errors of its Xen configuration code: the part shared by xl and xm reports from the Xen error
 * domain, the xl part from XENXL, the xm part from XENXM.
 */
final class XlErrors {
    private XlErrors() {
    }

    static VirtException internal(String detail) {
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.XEN, detail);
    }

    static VirtException unsupported(String detail) {
        return new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.XEN, detail);
    }

    static VirtException syntax(String detail) {
        return new VirtException(ErrorCode.CONF_SYNTAX, ErrorDomain.XEN, detail);
    }

    static VirtException malformed(String key) {
        return internal("config value " + key + " was malformed");
    }

    /** An error of the format's own part (xen_xl.c or xen_xm.c). */
    static VirtException of(XlFormat format, ErrorCode code, String detail) {
        return new VirtException(code, format == XlFormat.XM ? ErrorDomain.XENXM : ErrorDomain.XENXL, detail);
    }
}
