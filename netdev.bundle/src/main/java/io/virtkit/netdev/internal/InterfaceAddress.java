package io.virtkit.netdev.internal;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;

/**
 * One IPv4 address of a link as rtnetlink reports it (RTM_NEWADDR).
 *
 * @param index the link's index
 * @param address IFA_LOCAL (the link's own address; IFA_ADDRESS is the peer on point-to-point links)
 * @param broadcast IFA_BROADCAST, absent when the kernel has none (e.g. /31, /32)
 * @param label IFA_LABEL, the interface name or an alias label
 */
record InterfaceAddress(int index, Ipv4 address, int prefixLength, Optional<Ipv4> broadcast, String label) {

    /** Decodes an RTM_NEWADDR payload (ifaddrmsg then attributes); empty for non-IPv4 families. */
    static Optional<InterfaceAddress> decode(ByteBuffer payload) {
        Netlink.IfAddr hdr = Netlink.IfAddr.read(payload);
        if (hdr.family() != Netlink.AF_INET) {
            return Optional.empty();
        }
        Map<Integer, ByteBuffer> attrs = Netlink.attributes(payload, Netlink.IFADDRMSG_LEN);
        ByteBuffer local = attrs.getOrDefault(Netlink.IFA_LOCAL, attrs.get(Netlink.IFA_ADDRESS));
        if (local == null || local.remaining() != 4) {
            return Optional.empty();
        }
        Optional<Ipv4> brd = Optional.ofNullable(attrs.get(Netlink.IFA_BROADCAST))
                .filter(v -> v.remaining() == 4).map(v -> Ipv4.of(Netlink.bytes(v)));
        String label = attrs.containsKey(Netlink.IFA_LABEL) ? Netlink.string(attrs.get(Netlink.IFA_LABEL)) : "";
        return Optional.of(new InterfaceAddress(hdr.index(), Ipv4.of(Netlink.bytes(local)), hdr.prefixLength(),
                brd, label));
    }

    @Override
    public String toString() {
        return address + "/" + prefixLength;
    }
}
