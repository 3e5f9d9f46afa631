package io.virtkit.netdev.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetlinkTest {

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
    }

    @Test
    void alignRoundsUpToFourBytes() {
        assertThat(List.of(0, 1, 2, 3, 4, 5, 8, 9)).map(Netlink::align).containsExactly(0, 4, 4, 4, 4, 8, 8, 12);
    }

    @Test
    void requestHasHeaderIfinfomsgAndPaddedAttributes() {
        byte[] msg = new Netlink.Request(Netlink.RTM_NEWLINK, Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK)
                .ifInfo(Netlink.AF_UNSPEC, 7, Netlink.IFF_UP, Netlink.IFF_UP)
                .attr(Netlink.IFLA_IFNAME, "br0")
                .attr(Netlink.IFLA_MTU, 1400)
                .build(42);
        ByteBuffer b = le(msg);
        // 16 header + 16 ifinfomsg + (4+4 "br0\0") + (4+4 mtu)
        assertThat(msg).hasSize(48);
        assertThat(b.getInt(0)).isEqualTo(48);
        assertThat(b.getShort(4)).isEqualTo((short) Netlink.RTM_NEWLINK);
        assertThat(b.getShort(6)).isEqualTo((short) 5);
        assertThat(b.getInt(8)).isEqualTo(42);
        assertThat(b.getInt(12)).isZero();
        assertThat(b.getInt(20)).isEqualTo(7);
        assertThat(b.getInt(24)).isEqualTo(1);
        assertThat(b.getInt(28)).isEqualTo(1);
        assertThat(b.getShort(32)).isEqualTo((short) 8);
        assertThat(b.getShort(34)).isEqualTo((short) Netlink.IFLA_IFNAME);
        assertThat(new String(msg, 36, 4)).isEqualTo("br0\0");
        assertThat(b.getShort(40)).isEqualTo((short) 8);
        assertThat(b.getInt(44)).isEqualTo(1400);
    }

    @Test
    void oddLengthAttributeIsPaddedButItsLengthIsExact() {
        byte[] msg = new Netlink.Request(Netlink.RTM_NEWLINK, 0).ifInfo(0, 0, 0, 0)
                .attr(Netlink.IFLA_ADDRESS, new byte[] {1, 2, 3, 4, 5, 6}).build(1);
        ByteBuffer b = le(msg);
        assertThat(b.getShort(32)).isEqualTo((short) 10);
        assertThat(msg).hasSize(32 + 12);
        assertThat(msg[42]).isZero();
        assertThat(msg[43]).isZero();
    }

    @Test
    void nestedAttributeLengthCoversItsChildren() {
        byte[] msg = new Netlink.Request(Netlink.RTM_NEWLINK, 0).ifInfo(0, 0, 0, 0)
                .beginNest(Netlink.IFLA_LINKINFO).attr(Netlink.IFLA_INFO_KIND, "bridge").endNest().build(1);
        ByteBuffer b = le(msg);
        // nest header 4 + child (4 + "bridge\0"=7 -> padded 8) = 16; the child's own length stays 11
        assertThat(b.getShort(32)).isEqualTo((short) 16);
        assertThat(b.getShort(36)).isEqualTo((short) 11);
        ByteBuffer payload = b.duplicate().position(16).slice().order(ByteOrder.nativeOrder());
        Map<Integer, ByteBuffer> attrs = Netlink.attributes(payload, Netlink.IFINFOMSG_LEN);
        ByteBuffer linkinfo = attrs.get(Netlink.IFLA_LINKINFO);
        assertThat(Netlink.string(Netlink.attributes(linkinfo, 0).get(Netlink.IFLA_INFO_KIND))).isEqualTo("bridge");
    }

    @Test
    void unclosedNestIsRejected() {
        Netlink.Request r = new Netlink.Request(Netlink.RTM_NEWLINK, 0).ifInfo(0, 0, 0, 0).beginNest(18);
        assertThatThrownBy(() -> r.build(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void parseSplitsAlignedMessagesAndReadsErrno() {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
        // an NLMSG_ERROR carrying -ENODEV (19), then an ACK (error 0) after a 4-byte-aligned gap
        b.putInt(20).putShort((short) Netlink.NLMSG_ERROR).putShort((short) 0).putInt(3).putInt(0).putInt(-19);
        b.put(new byte[0]);
        b.putInt(20).putShort((short) Netlink.NLMSG_ERROR).putShort((short) 0).putInt(4).putInt(0).putInt(0);
        List<Netlink.Message> msgs = Netlink.parse(b.array(), b.position());
        assertThat(msgs).hasSize(2);
        assertThat(msgs.get(0).seq()).isEqualTo(3);
        assertThat(msgs.get(0).errno()).isEqualTo(19);
        assertThat(msgs.get(1).errno()).isZero();
    }

    @Test
    void parseRejectsALengthBeyondTheDatagram() {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        b.putInt(64).putShort((short) 16).putShort((short) 0).putInt(1).putInt(0);
        assertThatThrownBy(() -> Netlink.parse(b.array(), 16)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void attributesRejectATruncatedRtattr() {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
        b.putShort((short) 12).putShort((short) 3).putInt(0);
        assertThatThrownBy(() -> Netlink.attributes(b.clear(), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void linkInfoDecodesWhatARequestEncodes() {
        byte[] msg = new Netlink.Request(Netlink.RTM_NEWLINK, 0)
                .ifInfo(0, 12, Netlink.IFF_UP, 0)
                .attr(Netlink.IFLA_IFNAME, "vnet3")
                .attr(Netlink.IFLA_MTU, 9000)
                .attr(Netlink.IFLA_MASTER, 4)
                .attr(Netlink.IFLA_ADDRESS, MacAddress.parse("fe:54:00:01:02:03").bytes())
                .beginNest(Netlink.IFLA_LINKINFO | Netlink.NLA_F_NESTED).attr(Netlink.IFLA_INFO_KIND, "tun").endNest()
                .build(1);
        Netlink.Message m = Netlink.parse(msg, msg.length).get(0);
        LinkInfo link = LinkInfo.decode(m.payload());
        assertThat(link.name()).isEqualTo("vnet3");
        assertThat(link.index()).isEqualTo(12);
        assertThat(link.isUp()).isTrue();
        assertThat(link.mtu()).isEqualTo(9000);
        assertThat(link.master()).hasValue(4);
        assertThat(link.mac()).contains(MacAddress.parse("fe:54:00:01:02:03"));
        assertThat(link.kind()).contains("tun");
    }
}
