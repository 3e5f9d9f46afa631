package io.virtkit.xen.internal.xl;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/** The native formats libvirt's libxl driver converts: xl's and the older xm's. */
public enum XlFormat {
    XL("xen-xl", "vif"), XM("xen-xm", "netfront");

    private final String nativeName;
    private final String vifTypeName;

    XlFormat(String nativeName, String vifTypeName) {
        this.nativeName = nativeName;
        this.vifTypeName = vifTypeName;
    }

    /** The name {@code domxml-from-native} and {@code domxml-to-native} take. */
    public String nativeName() {
        return nativeName;
    }

    /** The vif {@code type=} that means a paravirtual (netfront) NIC in this format. */
    String vifTypeName() {
        return vifTypeName;
    }

    /** The format of a native name, refused as libvirt's libxl driver refuses others. */
    public static XlFormat of(String nativeName) {
        for (XlFormat f : values()) {
            if (f.nativeName.equals(nativeName)) {
                return f;
            }
        }
        throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.LIBXL,
                "unsupported config type " + nativeName);
    }
}
