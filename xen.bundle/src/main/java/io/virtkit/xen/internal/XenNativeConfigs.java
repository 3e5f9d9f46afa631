package io.virtkit.xen.internal;

import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.xen.internal.xl.XlCodec;
import io.virtkit.xen.internal.xl.XlFormat;

/**
 * {@code domxml-from-native} and {@code domxml-to-native} for {@code xen-xl} and {@code xen-xm} (libvirt's
 * libxlConnectDomainXMLFromNative/ToNative): pure conversions, nothing on the host is read or changed.
 */
final class XenNativeConfigs {
    private XenNativeConfigs() {
    }

    /** The inactive domain XML a native configuration describes; other formats are refused in libvirt's words. */
    static String fromNative(String nativeFormat, String nativeConfig) {
        XlFormat format = XlFormat.of(nativeFormat);
        DomainDefinition def = XlCodec.toDomain(nativeConfig, format);
        return DomainXmlCodec.format(def);
    }

    /**
     * The native configuration of a domain XML. A {@code network} interface needs its network's bridge, which
     * libvirt asks its network driver for; a xen:// connection has none on the Xen host, so such an interface is
     * refused as libvirt refuses an unknown network.
     */
    static String toNative(String nativeFormat, String xml) {
        XlFormat format = XlFormat.of(nativeFormat);
        DomainDefinition def = XenDefinitions.parseForXen(xml);
        return XlCodec.toConfig(def, format, network -> null).format();
    }
}
