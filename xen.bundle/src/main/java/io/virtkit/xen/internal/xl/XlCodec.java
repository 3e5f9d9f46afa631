package io.virtkit.xen.internal.xl;

import io.virtkit.model.domain.DomainDefinition;
import java.util.function.Function;

/**
 * libvirt's xl/xm configuration ⇄ domain definition rules (its src/libxl/xen_common.c, xen_xl.c, xen_xm.c):
 * what {@code domxml-from-native} and {@code domxml-to-native} do for {@code xen-xl} and {@code xen-xm}.
 */
public final class XlCodec {
    private XlCodec() {
    }

    /** The definition a configuration describes. */
    public static DomainDefinition toDomain(XlConfig config, XlFormat format) {
        return new XlDomainParser(config, format).parse();
    }

    /** The definition of configuration text. */
    public static DomainDefinition toDomain(String text, XlFormat format) {
        return toDomain(XlConfig.parse(text), format);
    }

    /**
     * The configuration of a definition. A {@code network} interface is written with the bridge
     * {@code networkBridge} gives for its network ({@code null} when the network is not active), as libvirt
     * looks it up through its network driver.
     */
    public static XlConfig toConfig(DomainDefinition def, XlFormat format, Function<String, String> networkBridge) {
        return new XlDomainFormatter(def, format, networkBridge).format();
    }

    /** The configuration of a definition without network interfaces to resolve. */
    public static XlConfig toConfig(DomainDefinition def, XlFormat format) {
        return toConfig(def, format, null);
    }
}
