package io.virtkit.netdev.internal;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One network link as rtnetlink reports it.
 *
 * @param masterIndex the bridge (or other master) this link is a port of, 0 when none
 * @param mac the link-layer address, absent for links without one
 * @param kind IFLA_INFO_KIND ("bridge", "tun", …), absent for plain devices such as loopback
 */
record LinkInfo(String name, int index, int flags, int mtu, int masterIndex, Optional<MacAddress> mac,
        Optional<String> kind) {

    boolean isUp() {
        return (flags & Netlink.IFF_UP) != 0;
    }

    OptionalInt master() {
        return masterIndex == 0 ? OptionalInt.empty() : OptionalInt.of(masterIndex);
    }

    /** Decodes an RTM_NEWLINK payload (ifinfomsg followed by attributes). */
    static LinkInfo decode(ByteBuffer payload) {
        Netlink.IfInfo info = Netlink.IfInfo.read(payload);
        Map<Integer, ByteBuffer> attrs = Netlink.attributes(payload, Netlink.IFINFOMSG_LEN);
        String name = attrs.containsKey(Netlink.IFLA_IFNAME) ? Netlink.string(attrs.get(Netlink.IFLA_IFNAME)) : "";
        int mtu = attrs.containsKey(Netlink.IFLA_MTU) ? Netlink.u32(attrs.get(Netlink.IFLA_MTU)) : 0;
        int master = attrs.containsKey(Netlink.IFLA_MASTER) ? Netlink.u32(attrs.get(Netlink.IFLA_MASTER)) : 0;
        Optional<MacAddress> mac = Optional.ofNullable(attrs.get(Netlink.IFLA_ADDRESS))
                .filter(v -> v.remaining() == MacAddress.LENGTH)
                .map(v -> MacAddress.of(Netlink.bytes(v)));
        Optional<String> kind = Optional.ofNullable(attrs.get(Netlink.IFLA_LINKINFO))
                .map(v -> Netlink.attributes(v, 0).get(Netlink.IFLA_INFO_KIND))
                .map(Netlink::string);
        return new LinkInfo(name, info.index(), info.flags(), mtu, master, mac, kind);
    }
}
