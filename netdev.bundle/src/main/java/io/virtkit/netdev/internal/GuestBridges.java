package io.virtkit.netdev.internal;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.InterfaceDevice;

/** Which bridge a guest NIC (TAP or veth) goes into, and checking that it is one: shared by both providers. */
final class GuestBridges {
    private GuestBridges() {
    }

    /**
     * The bridge of {@code iface}: its active network's, its named host bridge, or null for an unbridged
     * {@code ethernet} device.
     *
     * @param deviceKind "TAP" or "veth", for the refusal of {@code type='user'}
     */
    static String of(InterfaceDevice iface, VirtualNetworkDriver networks, String deviceKind) {
        return switch (iface.type()) {
            case NETWORK -> networks.activeBridge(iface.source());
            case BRIDGE -> {
                if (iface.source() == null) {
                    throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN,
                            "Missing source bridge name of interface");
                }
                yield iface.source();
            }
            case ETHERNET -> null;
            default -> throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.NONE,
                    "interface type '" + iface.type().xmlName() + "' has no " + deviceKind + " device");
        };
    }

    /** The link named {@code bridge}, which must exist and be a bridge. On the kernel thread. */
    static LinkInfo require(Rtnetlink nl, String bridge) {
        LinkInfo link = nl.requireLink(bridge);
        if (!link.kind().filter("bridge"::equals).isPresent()) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.NONE,
                    "interface '" + bridge + "' is not a bridge");
        }
        return link;
    }
}
