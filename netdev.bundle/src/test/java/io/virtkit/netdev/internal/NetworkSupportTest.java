package io.virtkit.netdev.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.Connection;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.network.NetworkXmlCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the netdev driver runs is accepted; valid libvirt XML it cannot run is refused with "unsupported
 * configuration" (libvirt's network driver wording where libvirt refuses it too), and the refusal leaves nothing.
 */
class NetworkSupportTest {

    private static final String IP = "<ip address='10.0.0.1' prefix='24'/>";
    private static final String DHCP_IP = "<ip address='10.0.0.1' prefix='24'><dhcp><range start='10.0.0.2'"
            + " end='10.0.0.9'/></dhcp></ip>";

    private static String net(String body) {
        return "<network><name>n</name>" + body + "</network>";
    }

    @ParameterizedTest
    @ValueSource(strings = {"<forward mode='nat'/>" + DHCP_IP, DHCP_IP, "<forward mode='route' dev='eth0'/>" + IP,
        "<forward mode='bridge'/><bridge name='br0'/>", "<bridge name='virbr9' stp='off' delay='2'/><mtu size='1400'/>"
                + "<mac address='52:54:00:00:00:09'/><domain name='example.org'/>" + IP,
        "<metadata><a xmlns='urn:a'/></metadata>" + IP, "<portgroup name='plain' default='yes'/>" + IP,
        "<ip address='10.0.0.1' prefix='24'><dhcp><range start='10.0.0.2' end='10.0.0.9'/><host"
                + " mac='52:54:00:00:00:01' name='h' ip='10.0.0.20'/></dhcp></ip>"})
    void whatTheDriverRunsIsAccepted(String body) {
        assertThatCode(() -> NetworkSupport.check(NetworkXmlCodec.parse(net(body)))).doesNotThrowAnyException();
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(net("<forward mode='vepa'><interface dev='eth0'/></forward>"),
                        "forward mode 'vepa' is not supported by Virtkit"),
                Arguments.of(net("<forward mode='open'/>" + IP), "forward mode 'open' is not supported by Virtkit"),
                Arguments.of(net("<forward mode='hostdev'><pf dev='eth0'/></forward>"),
                        "forward mode 'hostdev' is not supported by Virtkit"),
                Arguments.of(net("<forward mode='bridge'/><bridge name='br0'/><mac address='52:54:00:00:00:01'/>"),
                        "Unsupported <mac> element in network n with forward mode='bridge'"),
                Arguments.of(net("<forward mode='bridge'/><bridge name='br0'/>" + IP),
                        "Unsupported <ip> element in network n with forward mode='bridge'"),
                Arguments.of(net("<forward mode='bridge'/><bridge name='br0'/><domain name='x'/>"),
                        "Unsupported <domain> element in network n with forward mode='bridge'"),
                Arguments.of(net("<forward mode='bridge'/>"), "network 'n' with forward mode='bridge' needs the name"
                        + " of an existing host bridge in <bridge name='...'/>"),
                Arguments.of(net("<forward mode='bridge' dev='eth0'/>"), "network 'n' with forward mode='bridge'"
                        + " needs the name of an existing host bridge in <bridge name='...'/>"),
                Arguments.of(net("<ip family='ipv6' address='fd00::1' prefix='64'/>"),
                        "IPv6 address 'fd00::1' in network 'n' is not supported by Virtkit"),
                Arguments.of(net(DHCP_IP + "<ip address='10.1.0.1' prefix='24'><dhcp><range start='10.1.0.2'"
                        + " end='10.1.0.3'/></dhcp></ip>"), "Multiple IPv4 dhcp sections found -- dhcp is supported"
                                + " only for a single IPv4 address on each network"),
                Arguments.of(net("<ip address='10.0.0.1' prefix='24'><dhcp><range start='10.0.0.2' end='10.0.0.3'/>"
                        + "<range start='10.0.0.5' end='10.0.0.6'/></dhcp></ip>"), "more than one DHCP range in"
                                + " network 'n' is not supported by Virtkit's network driver"),
                Arguments.of(net("<ip address='10.0.0.1' prefix='24'><dhcp><host name='h' ip='10.0.0.5'/></dhcp>"
                        + "</ip>"), "a DHCP host without a MAC address in network 'n' is not supported by Virtkit's"
                                + " network driver"),
                Arguments.of(net("<dns><host ip='10.0.0.5'><hostname>a</hostname></host></dns>" + IP),
                        "<dns> settings in network 'n' is not supported by Virtkit's network driver"),
                Arguments.of(net("<vlan><tag id='5'/></vlan>" + IP),
                        "<vlan> in network 'n' is not supported by Virtkit's network driver"),
                Arguments.of(net("<bandwidth><inbound average='100'/></bandwidth>" + IP),
                        "<bandwidth> in network 'n' is not supported by Virtkit's network driver"),
                Arguments.of(net("<forward mode='nat'><nat><port start='1024' end='2048'/></nat></forward>" + IP),
                        "<nat> address, port or IPv6 settings in network 'n' is not supported by Virtkit's network"
                                + " driver"),
                Arguments.of(net(IP + "<route address='10.9.0.0' prefix='16' gateway='10.0.0.2'/>"),
                        "a static <route> in network 'n' is not supported by Virtkit's network driver"),
                Arguments.of(net("<bridge zone='trusted'/>" + IP),
                        "a firewalld zone in network 'n' is not supported by Virtkit's network driver"),
                Arguments.of(net("<ip address='10.0.0.1' prefix='24'><tftp root='/srv'/></ip>"),
                        "<tftp> in network 'n' is not supported by Virtkit's network driver"),
                Arguments.of(net("<forward mode='nat'/><port isolated='yes'/>" + IP),
                        "<port isolated> in network 'n' is not supported by Virtkit's network driver"),
                Arguments.of("<network xmlns:dnsmasq='http://libvirt.org/schemas/network/dnsmasq/1.0'><name>n</name>"
                        + IP + "<dnsmasq:options><dnsmasq:option value='x'/></dnsmasq:options></network>",
                        "<dnsmasq:options> in network 'n' is not supported by Virtkit's network driver"),
                Arguments.of(net("<portgroup name='p'><vlan><tag id='3'/></vlan></portgroup>" + IP),
                        "<portgroup> 'p' with settings in network 'n' is not supported by Virtkit's network driver"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void whatTheDriverCannotRunIsRefusedAsUnsupported(String xml, String detail) {
        assertThatThrownBy(() -> NetworkSupport.check(NetworkXmlCodec.parse(xml)))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED);
                    assertThat(e.domain()).isEqualTo(ErrorDomain.NETWORK);
                    assertThat(e.getMessage()).isEqualTo("unsupported configuration: " + detail);
                });
    }

    @Test
    void onlyOnePortgroupIsTheDefault() {
        String xml = net("<portgroup name='a' default='yes'/><portgroup name='b' default='yes'/>" + IP);
        assertThatThrownBy(() -> NetworkSupport.check(NetworkXmlCodec.parse(xml)))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.XML_ERROR))
                .hasMessage("XML error: Network 'n' has multiple default <portgroup> elements (a and b), but only one"
                        + " default is allowed");
    }

    @Test
    void aRefusedDefineOrCreateLeavesNothingBehind() throws IOException {
        try (NetworkTestFixture fx = new NetworkTestFixture()) {
            VirtualNetworkDriver driver = fx.driver();
            try {
                Connection access = fx.open(driver);
                String vepa = net("<forward mode='vepa'><interface dev='eth0'/></forward>");
                assertThatThrownBy(() -> access.defineNetwork(vepa)).isInstanceOfSatisfying(VirtException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED));
                assertThatThrownBy(() -> access.createNetwork(net("<vlan><tag id='5'/></vlan>" + DHCP_IP)))
                        .isInstanceOfSatisfying(VirtException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED));

                assertThat(access.listAllNetworks()).isEmpty();
                try (Stream<java.nio.file.Path> state = Files.list(fx.stateDir);
                        Stream<java.nio.file.Path> run = Files.list(fx.runDir)) {
                    assertThat(state).isEmpty();
                    assertThat(run).isEmpty();
                }
                assertThat(fx.links()).isEqualTo(fx.initialLinks);
            } finally {
                driver.close();
            }
        }
    }
}
