package io.virtkit.model.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input gets libvirt's error code and message (checked against {@code virsh -c test:///default net-define}
 * and libvirt's network_conf.c / virsocketaddr.c where the test driver is laxer).
 */
class NetworkXmlCodecErrorTest {

    private static String net(String body) {
        return "<network><name>n</name>" + body + "</network>";
    }

    private static String ip(String attrs, String dhcp) {
        return net("<ip " + attrs + "><dhcp>" + dhcp + "</dhcp></ip>");
    }

    private static final String IP24 = "address='10.0.0.1' prefix='24'";
    private static final String IP_ELEMENT = "<ip " + IP24 + "/>";

    static Stream<Arguments> badDefinitions() {
        return Stream.of(
                Arguments.of("wrong root", "<netwrk><name>n</name></netwrk>", ErrorCode.XML_ERROR,
                        "XML error: expecting root element of 'network', not 'netwrk'"),
                Arguments.of("missing name", "<network/>", ErrorCode.NO_NAME, "missing name information"),
                Arguments.of("empty name", "<network><name></name></network>", ErrorCode.NO_NAME,
                        "missing name information"),
                Arguments.of("slash in name", "<network><name>a/b</name></network>", ErrorCode.XML_DETAIL,
                        "invalid char in name: /"),
                Arguments.of("bad uuid", net("<uuid>zzz</uuid>"), ErrorCode.INTERNAL_ERROR,
                        "internal error: malformed uuid element"),
                Arguments.of("unknown forward mode", net("<forward mode='foo'/>"), ErrorCode.CONFIG_UNSUPPORTED,
                        "unsupported configuration: unknown forwarding type 'foo'"),
                Arguments.of("nat without ip", net("<forward mode='nat'/>"), ErrorCode.XML_ERROR,
                        "XML error: nat forwarding requested, but no IP address provided for network 'n'"),
                Arguments.of("route without ip", net("<forward mode='route'/>"), ErrorCode.XML_ERROR,
                        "XML error: route forwarding requested, but no IP address provided for network 'n'"),
                Arguments.of("forward dev mismatch", net("<forward mode='nat' dev='a'><interface dev='b'/></forward>"),
                        ErrorCode.XML_ERROR, "XML error: <forward dev='a'> must match first <interface dev='b'/> in"
                                + " network n"),
                Arguments.of("two forward devs", net("<forward mode='nat'><interface dev='a'/><interface dev='b'/>"
                        + "</forward><ip " + IP24 + "/>"), ErrorCode.XML_ERROR,
                        "XML error: multiple forwarding interfaces specified for network 'n', only one is supported"),
                Arguments.of("bad bridge name", net("<bridge name='a-very-long-bridge-name'/>"), ErrorCode.XML_ERROR,
                        "XML error: Invalid bridge device name 'a-very-long-bridge-name' in network 'n'"),
                Arguments.of("bad stp", net("<bridge stp='maybe'/>"), ErrorCode.XML_ERROR,
                        "XML error: Invalid value for attribute 'stp' in element 'bridge': 'maybe'."),
                Arguments.of("bad delay", net("<bridge delay='-1'/>"), ErrorCode.XML_ERROR,
                        "XML error: Invalid delay value in network 'n'"),
                Arguments.of("bad bridge mac", net("<mac address='zz'/>"), ErrorCode.XML_ERROR,
                        "XML error: Invalid bridge mac address 'zz' in network 'n'"),
                Arguments.of("multicast bridge mac", net("<mac address='01:00:00:00:00:01'/>"), ErrorCode.XML_ERROR,
                        "XML error: Invalid multicast bridge mac address '01:00:00:00:00:01' in network 'n'"),
                Arguments.of("bad mtu", net("<mtu size='big'/>"), ErrorCode.XML_ERROR,
                        "XML error: Invalid mtu size 'big' in network 'n'"),
                Arguments.of("zero mtu", net("<mtu size='0'/>"), ErrorCode.XML_ERROR,
                        "XML error: Invalid mtu size '0' in network 'n'"),
                Arguments.of("bridge mode with stp", net("<forward mode='bridge'/><bridge name='br0' stp='on'/>"),
                        ErrorCode.XML_ERROR, "XML error: bridge delay/stp/zone options only allowed in route, nat,"
                                + " and isolated mode, not in bridge (network 'n')"),
                Arguments.of("bridge mode with bridge and dev",
                        net("<forward mode='bridge' dev='eth0'/><bridge name='br0'/>"), ErrorCode.XML_ERROR,
                        "XML error: A network with forward mode='bridge' can specify a bridge name or a forward dev,"
                                + " but not both (network 'n')"),
                Arguments.of("bridge mode with mtu", net("<forward mode='bridge'/><bridge name='br0'/><mtu size='1400'/>"),
                        ErrorCode.XML_ERROR, "XML error: mtu size only allowed in open, route, nat, and isolated"
                                + " mode, not in bridge (network 'n')"),
                Arguments.of("ip without address", net("<ip netmask='255.255.255.0'/>"), ErrorCode.XML_ERROR,
                        "XML error: Missing required address attribute in network 'n'"),
                Arguments.of("bad address", net("<ip address='192.168.1.300' netmask='255.255.255.0'/>"),
                        ErrorCode.XML_ERROR, "XML error: Invalid address '192.168.1.300' in network 'n'"),
                Arguments.of("host name as address", net("<ip address='localhost' prefix='8'/>"),
                        ErrorCode.XML_ERROR, "XML error: Invalid address 'localhost' in network 'n'"),
                Arguments.of("bad netmask", net("<ip address='10.0.0.1' netmask='255.255.255.x'/>"),
                        ErrorCode.XML_ERROR, "XML error: Invalid netmask '255.255.255.x' in network 'n'"),
                Arguments.of("non-contiguous netmask", net("<ip address='10.0.0.1' netmask='255.0.255.0'/>"),
                        ErrorCode.XML_ERROR, "XML error: Invalid netmask '255.0.255.0' in network 'n'"),
                Arguments.of("netmask and prefix", net("<ip address='10.0.0.1' netmask='255.0.0.0' prefix='8'/>"),
                        ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration: Network 'n' IP address cannot have"
                                + " both a prefix and a netmask"),
                Arguments.of("prefix too long", net("<ip address='10.0.0.1' prefix='33'/>"),
                        ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration: Invalid IPv4 prefix '33' in network"
                                + " 'n'"),
                Arguments.of("prefix not a number", net("<ip address='10.0.0.1' prefix='x'/>"), ErrorCode.XML_ERROR,
                        "XML error: Invalid value for attribute 'prefix' in element 'ip': 'x'. Expected non-negative"
                                + " integer value"),
                Arguments.of("no prefix for class D", net("<ip address='224.0.0.1'/>"), ErrorCode.XML_ERROR,
                        "XML error: Missing netmask or prefix for address '224.0.0.1' in network 'n'"),
                Arguments.of("ipv6 address without family", net("<ip address='fd00::1' prefix='64'/>"),
                        ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration: no family specified for non-IPv4"
                                + " address 'fd00::1' in network 'n'"),
                Arguments.of("unknown family", net("<ip family='ipx' address='10.0.0.1'/>"), ErrorCode.XML_ERROR,
                        "XML error: Unrecognized family 'ipx' in network 'n'"),
                Arguments.of("range without start", ip(IP24, "<range end='10.0.0.20'/>"), ErrorCode.XML_ERROR,
                        "XML error: Missing 'start' attribute in dhcp range for network 'n'"),
                Arguments.of("range without end", ip(IP24, "<range start='10.0.0.2'/>"), ErrorCode.XML_ERROR,
                        "XML error: Missing 'end' attribute in dhcp range for network 'n'"),
                Arguments.of("unparsable range", ip(IP24, "<range start='10.0.0.x' end='10.0.0.20'/>"),
                        ErrorCode.XML_ERROR, "XML error: Invalid dhcp range '10.0.0.x' to '10.0.0.20' in network 'n'"),
                Arguments.of("reversed range", ip("address='192.168.1.1' netmask='255.255.255.0'",
                        "<range start='192.168.1.100' end='192.168.1.10'/>"), ErrorCode.INTERNAL_ERROR,
                        "internal error: range 192.168.1.100 - 192.168.1.10 is reversed"),
                Arguments.of("range outside subnet", ip("address='192.168.1.1' netmask='255.255.255.0'",
                        "<range start='192.168.2.100' end='192.168.2.110'/>"), ErrorCode.INTERNAL_ERROR,
                        "internal error: range 192.168.2.100 - 192.168.2.110 is not entirely within network"
                                + " 192.168.1.1/24"),
                Arguments.of("range half outside subnet", ip(IP24, "<range start='10.0.0.100' end='10.0.1.2'/>"),
                        ErrorCode.INTERNAL_ERROR, "internal error: range 10.0.0.100 - 10.0.1.2 is not entirely within"
                                + " network 10.0.0.1/24"),
                Arguments.of("range from network address", ip(IP24, "<range start='10.0.0.0' end='10.0.0.9'/>"),
                        ErrorCode.INTERNAL_ERROR, "internal error: start of range 10.0.0.0 - 10.0.0.9 in network"
                                + " 10.0.0.1/24 is the network address"),
                Arguments.of("range to broadcast", ip(IP24, "<range start='10.0.0.2' end='10.0.0.255'/>"),
                        ErrorCode.INTERNAL_ERROR, "internal error: end of range 10.0.0.2 - 10.0.0.255 in network"
                                + " 10.0.0.1/24 is the broadcast address"),
                Arguments.of("range too large", ip("address='10.0.0.1' prefix='8'",
                        "<range start='10.0.0.2' end='10.1.0.2'/>"), ErrorCode.INTERNAL_ERROR,
                        "internal error: range 10.0.0.2 - 10.1.0.2 is too large (> 65535)"),
                Arguments.of("host mac unparsable", ip(IP24, "<host mac='52:54:00:00:00' name='a' ip='10.0.0.50'/>"),
                        ErrorCode.XML_ERROR, "XML error: Cannot parse MAC address '52:54:00:00:00' in network 'n'"),
                Arguments.of("host mac multicast", ip(IP24, "<host mac='03:54:00:00:00:01' ip='10.0.0.50'/>"),
                        ErrorCode.XML_ERROR, "XML error: expected unicast mac address, found multicast"
                                + " '03:54:00:00:00:01' in network 'n'"),
                Arguments.of("host without ip", ip(IP24, "<host mac='52:54:00:00:00:01' name='a'/>"),
                        ErrorCode.XML_ERROR, "XML error: Missing IP address in static host definition for network 'n'"),
                Arguments.of("host with bad ip", ip(IP24, "<host mac='52:54:00:00:00:01' ip='10.0.0.x'/>"),
                        ErrorCode.XML_ERROR, "XML error: Invalid IP address in static host definition for network"
                                + " 'n'"),
                Arguments.of("host without mac or name", ip(IP24, "<host ip='10.0.0.5'/>"), ErrorCode.XML_ERROR,
                        "XML error: Static host definition in IPv4 network 'n' must have mac or name attribute"),
                Arguments.of("host with bad name", ip(IP24, "<host name='-a' ip='10.0.0.5'/>"), ErrorCode.XML_ERROR,
                        "XML error: Cannot use host name '-a' in network 'n'"),
                Arguments.of("host outside subnet", ip(IP24, "<host mac='52:54:00:00:00:01' ip='10.0.1.50'/>"),
                        ErrorCode.XML_ERROR, "XML error: Static host IP address '10.0.1.50' is not within network"
                                + " 10.0.0.1/24 of network 'n'"),
                Arguments.of("duplicate host mac", ip(IP24, "<host mac='52:54:00:00:00:01' ip='10.0.0.50'/>"
                        + "<host mac='52:54:00:00:00:01' ip='10.0.0.51'/>"), ErrorCode.XML_ERROR,
                        "XML error: Duplicate MAC address '52:54:00:00:00:01' in static host definitions of network"
                                + " 'n'"),
                Arguments.of("duplicate host mac in other case", ip(IP24, "<host mac='52:54:00:00:00:0a'"
                        + " ip='10.0.0.50'/><host mac='52:54:00:00:00:0A' ip='10.0.0.51'/>"), ErrorCode.XML_ERROR,
                        "XML error: Duplicate MAC address '52:54:00:00:00:0a' in static host definitions of network"
                                + " 'n'"),
                Arguments.of("duplicate host ip", ip(IP24, "<host mac='52:54:00:00:00:01' ip='10.0.0.50'/>"
                        + "<host mac='52:54:00:00:00:02' ip='10.0.0.50'/>"), ErrorCode.XML_ERROR,
                        "XML error: Duplicate IP address '10.0.0.50' in static host definitions of network 'n'"),
                Arguments.of("ipv4 family for an IPv6 address", net("<ip family='ipv4' address='fd00::1'/>"),
                        ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration: ipv4 family specified for non-IPv4"
                                + " address 'fd00::1' in network 'n'"),
                Arguments.of("ipv6 prefix too long", net("<ip family='ipv6' address='fd00::1' prefix='129'/>"),
                        ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration: Invalid IPv6 prefix '129' in network"
                                + " 'n'"),
                Arguments.of("mac in an IPv6 host", net("<ip family='ipv6' address='fd00::1' prefix='64'><dhcp>"
                        + "<host mac='52:54:00:00:00:01' name='a' ip='fd00::5'/></dhcp></ip>"), ErrorCode.XML_ERROR,
                        "XML error: Invalid to specify MAC address '52:54:00:00:00:01' in network 'n' IPv6 static host"
                                + " definition"),
                Arguments.of("IPv6 host without id or name", net("<ip family='ipv6' address='fd00::1' prefix='64'>"
                        + "<dhcp><host ip='fd00::5'/></dhcp></ip>"), ErrorCode.XML_ERROR, "XML error: Static host"
                                + " definition in IPv6 network 'n' must have id or name attribute"),
                Arguments.of("tftp on IPv6", net("<ip family='ipv6' address='fd00::1' prefix='64'><tftp root='/t'/>"
                        + "</ip>"), ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration: Unsupported <tftp>"
                                + " element in an IPv6 element in network 'n'"),
                Arguments.of("nat element in route mode", net("<forward mode='route'><nat><port start='1'"
                        + " end='2'/></nat></forward><ip " + IP24 + "/>"), ErrorCode.XML_ERROR,
                        "XML error: The <nat> element can only be used when <forward> 'mode' is 'nat' in network n"),
                Arguments.of("nat address not IPv4", net("<forward mode='nat'><nat><address start='fd00::1'"
                        + " end='fd00::2'/></nat></forward><ip " + IP24 + "/>"), ErrorCode.XML_ERROR,
                        "XML error: Bad ipv4 start address 'fd00::1' in <nat> in <forward> in network 'n'"),
                Arguments.of("nat port range reversed", net("<forward mode='nat'><nat><port start='2000'"
                        + " end='1000'/></nat></forward><ip " + IP24 + "/>"), ErrorCode.XML_DETAIL,
                        "Missing or invalid 'end' attribute in <port> in <nat> in <forward> in network n"),
                Arguments.of("forward dev with a pf", net("<forward mode='passthrough' dev='eth0'><pf dev='eth0'/>"
                        + "</forward>"), ErrorCode.XML_ERROR, "XML error: the <forward> 'dev' attribute cannot be"
                                + " used when <address> or <pf> sub-elements are present in network n"),
                Arguments.of("interface listed twice", net("<forward mode='vepa'><interface dev='eth0'/><interface"
                        + " dev='eth0'/></forward>"), ErrorCode.XML_ERROR,
                        "XML error: interface 'eth0' can only be listed once in network n"),
                Arguments.of("network virtualport without type", net("<forward mode='bridge'/><bridge name='br0'/>"
                        + "<virtualport><parameters profileid='p'/></virtualport>"), ErrorCode.XML_ERROR,
                        "XML error: missing required virtualport type"),
                Arguments.of("unreachable route gateway", net(IP_ELEMENT + "<route address='10.9.0.0' prefix='16'"
                        + " gateway='10.1.0.1'/>"), ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration:"
                                + " unreachable static route gateway '10.1.0.1' specified for network 'n'"),
                Arguments.of("ipv6 family for an IPv4 address", net("<ip family='ipv6' address='10.0.0.1'/>"),
                        ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration: Family 'ipv6' specified for"
                                + " non-IPv6 address '10.0.0.1' in network 'n'"),
                Arguments.of("bridge name in vepa mode", net("<forward mode='vepa'><interface dev='eth0'/></forward>"
                        + "<bridge name='br0'/>"), ErrorCode.XML_ERROR,
                        "XML error: bridge name not allowed in vepa mode (network 'n')"),
                Arguments.of("bad macTableManager", net("<bridge macTableManager='switch'/>"), ErrorCode.XML_ERROR,
                        "XML error: Invalid macTableManager setting 'switch' in network 'n'"),
                Arguments.of("data in disabled dns", net("<dns enable='no'><txt name='a' value='b'/></dns>"),
                        ErrorCode.XML_ERROR, "XML error: Extra data in disabled network 'n'"),
                Arguments.of("forwarder without addr or domain", net("<dns><forwarder/></dns>"), ErrorCode.XML_ERROR,
                        "XML error: Invalid forwarder element, must contain at least one of addr or domain"),
                Arguments.of("srv with a bad protocol", net("<dns><srv service='x' protocol='tc p'/></dns>"),
                        ErrorCode.XML_DETAIL, "invalid character in protocol attribute 'tc p' in DNS SRV record of"
                                + " network 'n'"),
                Arguments.of("srv port without target", net("<dns><srv service='x' protocol='tcp' port='1'/></dns>"),
                        ErrorCode.XML_DETAIL, "DNS SRV port attribute not permitted without target for service 'x'"
                                + " in network 'n'"),
                Arguments.of("txt name with a comma", net("<dns><txt name='a,b' value='c'/></dns>"),
                        ErrorCode.XML_DETAIL, "prohibited character in DNS TXT record name 'a,b' of network n"),
                Arguments.of("dns host without hostname", net("<dns><host ip='10.0.0.2'/></dns>"), ErrorCode.XML_DETAIL,
                        "Missing hostname in network 'n' DNS HOST record"),
                Arguments.of("IPv4 host with only an id", ip(IP24, "<host id='0:4:7c:1c:5a:38:2a:8b:4b:8e:9a:55:4d:4b:d0:a1:e0:1'"
                        + " ip='10.0.0.5'/>"), ErrorCode.XML_ERROR, "XML error: Static host definition in IPv4 network"
                                + " 'n' must have mac or name attribute"),
                Arguments.of("vlan tag too large", net("<vlan><tag id='4096'/></vlan>"), ErrorCode.XML_ERROR,
                        "XML error: vlan tag id 4096 too large (maximum 4095)"),
                Arguments.of("vlan without tags", net("<vlan/>"), ErrorCode.XML_ERROR, "XML error: missing tag id -"
                        + " each <vlan> must have at least one <tag id='n'/> subelement"),
                Arguments.of("bandwidth without average", net("<bandwidth><inbound peak='10'/></bandwidth>"),
                        ErrorCode.XML_ERROR, "XML error: Missing mandatory average or floor attributes"),
                Arguments.of("virtualport parameter of another type", net("<virtualport type='802.1Qbh'><parameters"
                        + " managerid='1'/></virtualport>"), ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration:"
                                + " attribute managerid not allowed for <virtualport type='802.1Qbh'>"),
                Arguments.of("route without gateway", net("<route address='10.1.0.0' prefix='16'/>"),
                        ErrorCode.XML_ERROR, "XML error: Missing required gateway attribute in route definition of"
                                + " 'n'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDefinitions")
    void badXmlGetsLibvirtsError(String what, String xml, ErrorCode code, String message) {
        assertThatThrownBy(() -> NetworkXmlCodec.parse(xml)).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.domain()).isEqualTo(ErrorDomain.NETWORK);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void xmlThatIsNotWellFormedGivesTheLine() {
        assertThatThrownBy(() -> NetworkXmlCodec.parse("<network>\n<name>n</name>\n<bridge>\n</network>"))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.XML_DETAIL);
                    assertThat(e.domain()).isEqualTo(ErrorDomain.NETWORK);
                    assertThat(e.getMessage()).startsWith("(network_definition):4: ");
                });
    }

    @Test
    void emptyXmlIsAnInvalidArgument() {
        assertThatThrownBy(() -> NetworkXmlCodec.parse("  ")).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARG));
    }

    @Test
    void externalEntitiesAreNeverRead(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOPSECRET");
        String xxe = "<?xml version='1.0'?><!DOCTYPE network [<!ENTITY x SYSTEM '" + secret.toUri() + "'>]>"
                + "<network><name>&x;</name></network>";

        assertThatThrownBy(() -> NetworkXmlCodec.parse(xxe)).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.XML_DETAIL);
            assertThat(e.domain()).isEqualTo(ErrorDomain.NETWORK);
            assertThat(e.getMessage()).contains("DOCTYPE").doesNotContain("TOPSECRET");
        });
    }

    @Test
    void entityExpansionIsRefused() {
        String bomb = "<!DOCTYPE network [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>]>"
                + "<network><name>&b;</name></network>";

        assertThatThrownBy(() -> NetworkXmlCodec.parse(bomb)).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.XML_DETAIL));
    }

    @Test
    void definitionsBuiltInCodeAreCheckedLikeParsedOnes() {
        NetworkIp ip = new NetworkIp(NetworkXmlCodecTest.ip("10.0.0.1"), null, 24,
                List.of(new DhcpRange(NetworkXmlCodecTest.ip("10.0.0.9"), NetworkXmlCodecTest.ip("10.0.0.2"))),
                List.of());

        assertThatThrownBy(() -> NetworkDefinition.builder().name("n").forwardMode(ForwardMode.NAT).ip(ip).build())
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
                    assertThat(e.getMessage()).isEqualTo("internal error: range 10.0.0.9 - 10.0.0.2 is reversed");
                });
        assertThatThrownBy(() -> NetworkDefinition.builder().name("n").forwardMode(ForwardMode.BRIDGE).bridgeName("br0")
                .stp(false).build()).isInstanceOfSatisfying(VirtException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.XML_ERROR));
        assertThatThrownBy(() -> NetworkDefinition.builder().name("n").forwardDev("eth0").build())
                .isInstanceOfSatisfying(VirtException.class,
                        e -> assertThat(e.getMessage()).isEqualTo(
                                "XML error: forward dev not allowed for network 'n' with forward mode='none'"));
    }
}
