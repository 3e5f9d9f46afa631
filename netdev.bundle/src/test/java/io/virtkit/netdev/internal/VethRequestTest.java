package io.virtkit.netdev.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The packing of the one RTM_NEWLINK that creates a container's veth pair (no kernel needed). */
class VethRequestTest {

    @Test
    void thePeerIsNestedWithItsOwnIfinfomsgNameMacMtuAndTargetProcess() {
        MacAddress guest = MacAddress.parse("52:54:00:aa:bb:cc");
        byte[] msg = Rtnetlink.createVethRequest(new Rtnetlink.VethEnd("veth7", guest.forTap(), 1450), 9,
                new Rtnetlink.VethEnd("eth0", guest, 1450), 4242).build(1);
        ByteBuffer b = ByteBuffer.wrap(msg).order(ByteOrder.nativeOrder());
        assertThat(b.getInt(0)).isEqualTo(msg.length);
        assertThat(b.getShort(6) & Netlink.NLM_F_EXCL).isEqualTo(Netlink.NLM_F_EXCL);
        assertThat(b.getShort(6) & Netlink.NLM_F_CREATE).isEqualTo(Netlink.NLM_F_CREATE);
        ByteBuffer payload = b.duplicate().position(Netlink.NLMSG_HDRLEN).slice().order(ByteOrder.nativeOrder());
        Netlink.IfInfo host = Netlink.IfInfo.read(payload);
        assertThat(host.flags() & Netlink.IFF_UP).isEqualTo(Netlink.IFF_UP);
        Map<Integer, ByteBuffer> attrs = Netlink.attributes(payload, Netlink.IFINFOMSG_LEN);
        assertThat(Netlink.string(attrs.get(Netlink.IFLA_IFNAME))).isEqualTo("veth7");
        assertThat(MacAddress.of(Netlink.bytes(attrs.get(Netlink.IFLA_ADDRESS)))).hasToString("fe:54:00:aa:bb:cc");
        assertThat(Netlink.u32(attrs.get(Netlink.IFLA_MTU))).isEqualTo(1450);
        assertThat(Netlink.u32(attrs.get(Netlink.IFLA_MASTER))).isEqualTo(9);

        Map<Integer, ByteBuffer> linkInfo = Netlink.attributes(attrs.get(Netlink.IFLA_LINKINFO), 0);
        assertThat(Netlink.string(linkInfo.get(Netlink.IFLA_INFO_KIND))).isEqualTo("veth");
        Map<Integer, ByteBuffer> data = Netlink.attributes(linkInfo.get(Netlink.IFLA_INFO_DATA), 0);
        ByteBuffer peer = data.get(Netlink.VETH_INFO_PEER);
        Netlink.IfInfo peerInfo = Netlink.IfInfo.read(peer.duplicate().order(ByteOrder.nativeOrder()));
        assertThat(peerInfo.flags()).isZero(); // the peer cannot be opened before the pair is linked
        Map<Integer, ByteBuffer> peerAttrs = Netlink.attributes(peer, Netlink.IFINFOMSG_LEN);
        assertThat(Netlink.string(peerAttrs.get(Netlink.IFLA_IFNAME))).isEqualTo("eth0");
        assertThat(MacAddress.of(Netlink.bytes(peerAttrs.get(Netlink.IFLA_ADDRESS)))).isEqualTo(guest);
        assertThat(Netlink.u32(peerAttrs.get(Netlink.IFLA_MTU))).isEqualTo(1450);
        assertThat(Netlink.u32(peerAttrs.get(Netlink.IFLA_NET_NS_PID))).isEqualTo(4242);
        // the peer's attributes stay inside the peer: the host's own namespace is the socket's
        assertThat(attrs).doesNotContainKey(Netlink.IFLA_NET_NS_PID);
    }

    @Test
    void withoutBridgeOrMtuThoseAttributesAreLeftOut() {
        MacAddress guest = MacAddress.parse("52:54:00:aa:bb:cc");
        byte[] msg = Rtnetlink.createVethRequest(new Rtnetlink.VethEnd("veth7", guest.forTap(), null), 0,
                new Rtnetlink.VethEnd("eth0", guest, null), 1).build(1);
        ByteBuffer payload = ByteBuffer.wrap(msg).order(ByteOrder.nativeOrder()).position(Netlink.NLMSG_HDRLEN).slice()
                .order(ByteOrder.nativeOrder());
        Map<Integer, ByteBuffer> attrs = Netlink.attributes(payload, Netlink.IFINFOMSG_LEN);
        assertThat(attrs).doesNotContainKeys(Netlink.IFLA_MASTER, Netlink.IFLA_MTU);
    }
}
