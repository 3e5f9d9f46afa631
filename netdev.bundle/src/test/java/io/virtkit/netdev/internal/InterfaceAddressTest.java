package io.virtkit.netdev.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** IPv4 addresses on links: message packing without a socket, then the real thing in a test namespace. */
class InterfaceAddressTest {
    private TestNetns ns;
    private Rtnetlink nl;

    @BeforeEach
    void enterNamespace() {
        ns = TestNetns.create();
        nl = ns.call(Rtnetlink::open);
    }

    @AfterEach
    void removeNamespace() {
        try {
            nl.close();
        } finally {
            ns.close();
        }
    }

    @Test
    void ipv4ParsingIsStrict() {
        assertThat(Ipv4.parse("192.168.122.1").bytes()).containsExactly(192, 168, 122, 1);
        assertThat(Ipv4.netmask(24)).hasToString("255.255.255.0");
        assertThat(Ipv4.netmask(0)).hasToString("0.0.0.0");
        assertThat(Ipv4.parse("10.1.2.3").broadcast(16)).hasToString("10.1.255.255");
        assertThat(Ipv4.parse("10.1.2.3").network(16)).hasToString("10.1.0.0");
        for (String bad : new String[] {"10.1", "1.2.3.256", "a.b.c.d", "1.2.3.4\n", "", "1..2.3", "-1.2.3.4"}) {
            assertThatThrownBy(() -> Ipv4.parse(bad)).isInstanceOfSatisfying(VirtException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARG));
        }
        assertThatThrownBy(() -> Ipv4.netmask(33)).hasMessage("invalid argument: invalid IPv4 prefix length 33");
    }

    @Test
    void newAddrRequestIsPackedAsTheKernelExpects() {
        byte[] msg = Rtnetlink.addAddressRequest(7, Ipv4.parse("192.168.122.1"), 24).build(42);
        ByteBuffer b = ByteBuffer.wrap(msg).order(ByteOrder.nativeOrder());
        assertThat(b.getInt(0)).isEqualTo(msg.length);
        assertThat(b.getShort(4)).isEqualTo((short) Netlink.RTM_NEWADDR);
        assertThat(b.getShort(6)).isEqualTo((short) (Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK
                | Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL));
        assertThat(b.getInt(8)).isEqualTo(42);
        // ifaddrmsg: AF_INET, /24, no flags, universe scope, index 7
        assertThat(msg[16]).isEqualTo((byte) 2);
        assertThat(msg[17]).isEqualTo((byte) 24);
        assertThat(msg[18]).isZero();
        assertThat(msg[19]).isZero();
        assertThat(b.getInt(20)).isEqualTo(7);
        ByteBuffer payload = b.duplicate().position(16).slice().order(ByteOrder.nativeOrder());
        Map<Integer, ByteBuffer> attrs = Netlink.attributes(payload, Netlink.IFADDRMSG_LEN);
        assertThat(attrs).containsOnlyKeys(Netlink.IFA_LOCAL, Netlink.IFA_ADDRESS, Netlink.IFA_BROADCAST);
        assertThat(Netlink.bytes(attrs.get(Netlink.IFA_LOCAL))).containsExactly(192, 168, 122, 1);
        assertThat(Netlink.bytes(attrs.get(Netlink.IFA_ADDRESS))).containsExactly(192, 168, 122, 1);
        assertThat(Netlink.bytes(attrs.get(Netlink.IFA_BROADCAST))).containsExactly(192, 168, 122, 255);
        assertThat(msg.length).isEqualTo(16 + 8 + 3 * 8);

        // a point-to-point /31 has no broadcast address
        byte[] p2p = Rtnetlink.addAddressRequest(7, Ipv4.parse("10.0.0.0"), 31).build(1);
        ByteBuffer p = ByteBuffer.wrap(p2p).order(ByteOrder.nativeOrder()).position(16).slice()
                .order(ByteOrder.nativeOrder());
        assertThat(Netlink.attributes(p, Netlink.IFADDRMSG_LEN)).doesNotContainKey(Netlink.IFA_BROADCAST);

        byte[] del = Rtnetlink.deleteAddressRequest(7, Ipv4.parse("192.168.122.1"), 24).build(2);
        assertThat(ByteBuffer.wrap(del).order(ByteOrder.nativeOrder()).getShort(4))
                .isEqualTo((short) Netlink.RTM_DELADDR);
    }

    @Test
    void addListAndDeleteAnAddressOnABridge() {
        ns.run(() -> nl.createBridge("vkbr0"));
        assertThat(ns.call(() -> nl.addresses("vkbr0"))).isEmpty();

        ns.run(() -> nl.addAddress("vkbr0", Ipv4.parse("192.168.150.1"), 24));
        List<InterfaceAddress> addrs = ns.call(() -> nl.addresses("vkbr0"));
        assertThat(addrs).singleElement().satisfies(a -> {
            assertThat(a.address()).isEqualTo(Ipv4.parse("192.168.150.1"));
            assertThat(a.prefixLength()).isEqualTo(24);
            assertThat(a.broadcast()).contains(Ipv4.parse("192.168.150.255"));
            assertThat(a.label()).isEqualTo("vkbr0");
        });
        // the kernel's own view, through a different tool
        assertThat(ns.ipIn("-4", "addr", "show", "dev", "vkbr0"))
                .contains("inet 192.168.150.1/24 brd 192.168.150.255");
        // loopback's address is not the bridge's
        assertThat(ns.call(() -> nl.addresses("lo"))).isEmpty();

        assertThatThrownBy(() -> ns.run(() -> nl.addAddress("vkbr0", Ipv4.parse("192.168.150.1"), 24)))
                .isInstanceOfSatisfying(VirtException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SYSTEM_ERROR))
                .hasMessage("Failed to add IP address 192.168.150.1/24 to vkbr0: File exists");

        ns.run(() -> nl.deleteAddress("vkbr0", Ipv4.parse("192.168.150.1"), 24));
        assertThat(ns.call(() -> nl.addresses("vkbr0"))).isEmpty();
        assertThat(ns.ipIn("-4", "addr", "show", "dev", "vkbr0")).doesNotContain("inet ");

        assertThatThrownBy(() -> ns.run(() -> nl.deleteAddress("vkbr0", Ipv4.parse("192.168.150.1"), 24)))
                .hasMessage("Error removing IP address 192.168.150.1/24 from vkbr0: Cannot assign requested address");
        assertThatThrownBy(() -> ns.run(() -> nl.addAddress("nope0", Ipv4.parse("10.0.0.1"), 8)))
                .hasMessage("Failed to add IP address 10.0.0.1/8 to nope0: No such device");
        ns.run(() -> nl.deleteLink("vkbr0"));
    }
}
