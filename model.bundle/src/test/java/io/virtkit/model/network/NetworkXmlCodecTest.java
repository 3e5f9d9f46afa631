package io.virtkit.model.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Parsing and formatting of network XML, compared with {@code virsh -c test:///default net-dumpxml}. */
class NetworkXmlCodecTest {

    /** libvirt's default network exactly as {@code virsh -c test:///default net-dumpxml default} prints it. */
    static final String DEFAULT_NETWORK = """
            <network>
              <name>default</name>
              <uuid>dd8fe884-6c02-601e-7551-cca97df1c5df</uuid>
              <forward mode='nat'/>
              <bridge name='virbr0' stp='on' delay='0'/>
              <ip address='192.168.122.1' netmask='255.255.255.0'>
                <dhcp>
                  <range start='192.168.122.2' end='192.168.122.254'/>
                </dhcp>
              </ip>
            </network>
            """;

    static Inet4Address ip(String text) {
        return io.virtkit.model.internal.netcommon.IpAddresses.parseIpv4(text);
    }

    @Test
    void libvirtsDefaultNetworkIsReadAndWrittenUnchanged() {
        NetworkDefinition def = NetworkXmlCodec.parse(DEFAULT_NETWORK);

        assertThat(def.name()).isEqualTo("default");
        assertThat(def.uuid()).isEqualTo(UUID.fromString("dd8fe884-6c02-601e-7551-cca97df1c5df"));
        assertThat(def.forwardMode()).isEqualTo(ForwardMode.NAT);
        assertThat(def.forwardDev()).isNull();
        assertThat(def.bridgeName()).isEqualTo("virbr0");
        assertThat(def.stp()).isTrue();
        assertThat(def.stpDelay()).isZero();
        assertThat(def.ips()).hasSize(1);
        NetworkIp ip = def.ips().get(0);
        assertThat(ip.address()).isEqualTo(ip("192.168.122.1"));
        assertThat(ip.prefix()).isEqualTo(24);
        assertThat(ip.cidr()).isEqualTo("192.168.122.1/24");
        assertThat(ip.networkAddress()).isEqualTo(ip("192.168.122.0"));
        assertThat(ip.broadcastAddress()).isEqualTo(ip("192.168.122.255"));
        assertThat(ip.dhcpRanges()).containsExactly(new DhcpRange(ip("192.168.122.2"), ip("192.168.122.254")));
        assertThat(ip.dhcpRanges().get(0).size()).isEqualTo(253);
        assertThat(def.dhcpIp()).contains(ip);

        assertThat(NetworkXmlCodec.format(def)).isEqualTo(DEFAULT_NETWORK);
    }

    @Test
    void everyModelledPartRoundTrips() {
        String xml = """
                <network>
                  <name>full</name>
                  <uuid>ead77382-7e53-4bf8-bf6c-177810375798</uuid>
                  <forward dev='eth0' mode='route'>
                    <interface dev='eth0'/>
                  </forward>
                  <bridge name='virbr5' stp='off' delay='3'/>
                  <mtu size='9000'/>
                  <mac address='52:54:00:ab:cd:01'/>
                  <domain name='example.org'/>
                  <ip address='10.0.0.1' prefix='24'>
                    <dhcp>
                      <range start='10.0.0.2' end='10.0.0.9'/>
                      <host mac='52:54:00:00:00:01' name='a' ip='10.0.0.50'/>
                      <host name='b' ip='10.0.0.51'/>
                    </dhcp>
                  </ip>
                  <ip address='10.9.0.1' netmask='255.255.0.0'/>
                </network>
                """;
        NetworkDefinition def = NetworkXmlCodec.parse(xml);

        assertThat(def.forwardMode()).isEqualTo(ForwardMode.ROUTE);
        assertThat(def.forwardDev()).isEqualTo("eth0");
        assertThat(def.stp()).isFalse();
        assertThat(def.stpDelay()).isEqualTo(3);
        assertThat(def.mtu()).isEqualTo(9000);
        assertThat(def.mac()).isEqualTo("52:54:00:ab:cd:01");
        assertThat(def.domainName()).isEqualTo("example.org");
        assertThat(def.ips().get(0).dhcpHosts()).containsExactly(
                new DhcpHost("52:54:00:00:00:01", "a", ip("10.0.0.50")), new DhcpHost(null, "b", ip("10.0.0.51")));
        assertThat(def.ips().get(1).prefix()).isEqualTo(16);
        assertThat(def.dhcpIp()).contains(def.ips().get(0));
        assertThat(NetworkXmlCodec.format(def)).isEqualTo(xml);
        assertThat(NetworkXmlCodec.parse(NetworkXmlCodec.format(def))).isEqualTo(def);
    }

    @Test
    void bridgeModeUsesAnExistingHostBridgeWithoutStpOrDelay() {
        String xml = """
                <network>
                  <name>host-bridge</name>
                  <uuid>4a7f517b-280d-4301-b0c3-981c206265e9</uuid>
                  <forward mode='bridge'/>
                  <bridge name='br0'/>
                </network>
                """;
        NetworkDefinition def = NetworkXmlCodec.parse(xml);

        assertThat(def.forwardMode()).isEqualTo(ForwardMode.BRIDGE);
        assertThat(def.forwardMode().managesBridge()).isFalse();
        assertThat(def.bridgeName()).isEqualTo("br0");
        assertThat(def.ips()).isEmpty();
        assertThat(def.dhcpIp()).isEmpty();
        assertThat(NetworkXmlCodec.format(def)).isEqualTo(xml);
    }

    @Test
    void anIsolatedNetworkHasNoForwardAndLeavesTheBridgeNameToTheDriver() {
        NetworkDefinition def = NetworkXmlCodec.parse("<network><name>n1</name></network>");

        assertThat(def.forwardMode()).isEqualTo(ForwardMode.NONE);
        assertThat(def.forwardMode().managesBridge()).isTrue();
        assertThat(def.bridgeName()).isNull();
        assertThat(def.uuid()).isNotNull();
        // as libvirt's test driver prints it
        assertThat(NetworkXmlCodec.format(def)).isEqualTo("""
                <network>
                  <name>n1</name>
                  <uuid>%s</uuid>
                  <bridge stp='on' delay='0'/>
                </network>
                """.formatted(def.uuid()));
        assertThat(NetworkXmlCodec.format(def.withBridgeName("virbr3"))).contains("<bridge name='virbr3' stp='on' delay='0'/>");
    }

    @Test
    void anIsolatedNetworkWithAddressAndDhcpRoundTrips() {
        NetworkDefinition def = NetworkDefinition.builder().name("iso").bridgeName("virbr9").ip(new NetworkIp(
                ip("172.16.5.1"), null, 28, List.of(new DhcpRange(ip("172.16.5.2"), ip("172.16.5.14"))), List.of()))
                .build();

        String xml = NetworkXmlCodec.format(def);

        assertThat(xml).doesNotContain("<forward").contains("<ip address='172.16.5.1' prefix='28'>");
        assertThat(NetworkXmlCodec.parse(xml)).isEqualTo(def);
    }

    @Test
    void aRouteNetworkWithoutDevRoundTrips() {
        NetworkDefinition def = NetworkXmlCodec.parse("<network><name>r</name><forward mode='route'/>"
                + "<ip address='10.1.2.1' prefix='24'/></network>");

        assertThat(def.forwardMode()).isEqualTo(ForwardMode.ROUTE);
        assertThat(NetworkXmlCodec.format(def)).contains("  <forward mode='route'/>\n")
                .contains("  <ip address='10.1.2.1' prefix='24'/>\n");
        assertThat(NetworkXmlCodec.parse(NetworkXmlCodec.format(def))).isEqualTo(def);
    }

    @Test
    void aForwardWithoutModeMeansNat() {
        NetworkDefinition def = NetworkXmlCodec.parse("<network><name>n</name><forward/>"
                + "<ip address='10.1.2.1' prefix='24'/></network>");

        assertThat(def.forwardMode()).isEqualTo(ForwardMode.NAT);
    }

    @Test
    void macAddressesAreWrittenInLibvirtsCanonicalForm() {
        NetworkDefinition def = NetworkXmlCodec.parse("<network><name>n</name><mac address='52:54:0:AB:cd:1'/>"
                + "<ip address='10.0.0.1' prefix='24'><dhcp><host mac='52:54:00:AA:00:01' ip='10.0.0.9'/></dhcp>"
                + "</ip></network>");

        assertThat(def.mac()).isEqualTo("52:54:00:ab:cd:01");
        assertThat(def.ips().get(0).dhcpHosts().get(0).mac()).isEqualTo("52:54:00:aa:00:01");
    }

    @Test
    void thePrefixComesFromPrefixNetmaskOrTheAddressClass() {
        assertThat(new NetworkIp(ip("192.168.1.1"), ip("255.255.255.128"), null, List.of(), List.of()).prefix())
                .isEqualTo(25);
        assertThat(NetworkIp.of(ip("192.168.1.1"), 20).prefix()).isEqualTo(20);
        assertThat(NetworkIp.of(ip("192.168.1.1"), 20).effectiveNetmask()).isEqualTo(ip("255.255.240.0"));
        assertThat(new NetworkIp(ip("10.1.1.1"), null, null, List.of(), List.of()).prefix()).isEqualTo(8);
        assertThat(new NetworkIp(ip("172.16.1.1"), null, null, List.of(), List.of()).prefix()).isEqualTo(16);
        assertThat(new NetworkIp(ip("192.168.1.1"), null, null, List.of(), List.of()).prefix()).isEqualTo(24);
        assertThat(new NetworkIp(ip("224.0.0.1"), null, null, List.of(), List.of()).prefix()).isEqualTo(-1);
        assertThat(new NetworkIp(ip("10.0.0.1"), ip("255.0.255.0"), null, List.of(), List.of()).prefix())
                .isEqualTo(-1);
    }

    @Test
    void subnetChecks() {
        NetworkIp net = NetworkIp.of(ip("192.168.122.1"), 24);

        assertThat(net.inSubnet(ip("192.168.122.200"))).isTrue();
        assertThat(net.inSubnet(ip("192.168.123.1"))).isFalse();
        assertThat(net.inSubnet(new DhcpRange(ip("192.168.122.2"), ip("192.168.122.254")))).isTrue();
        assertThat(net.inSubnet(new DhcpRange(ip("192.168.122.2"), ip("192.168.123.3")))).isFalse();
        assertThat(new DhcpRange(ip("192.168.122.10"), ip("192.168.122.20")).contains(ip("192.168.122.20"))).isTrue();
        assertThat(new DhcpRange(ip("192.168.122.10"), ip("192.168.122.20")).contains(ip("192.168.122.21"))).isFalse();
        assertThat(NetworkIp.of(ip("10.0.0.1"), 0).inSubnet(ip("8.8.8.8"))).isTrue();
        assertThat(NetworkIp.of(ip("10.0.0.1"), 32).inSubnet(ip("10.0.0.2"))).isFalse();
    }

    @Test
    void metadataIsKeptVerbatimAndUnknownElementsAreIgnored() {
        NetworkDefinition def = NetworkXmlCodec.parse("<network><name>n</name><unknown/>"
                + "<metadata><x:y xmlns:x='urn:x' a='1'>t</x:y></metadata><bridge name='virbr7'/></network>");

        assertThat(def.bridgeName()).isEqualTo("virbr7");
        assertThat(NetworkXmlCodec.format(def)).contains("""
                  <metadata>
                    <x:y xmlns:x='urn:x' a='1'>t</x:y>
                  </metadata>
                """);
    }

    @Test
    void addressesAreNeverResolved() {
        // a host name must be refused as an address, not looked up
        assertThat(io.virtkit.model.internal.netcommon.IpAddresses.parseIpv4("localhost")).isNull();
        assertThat(io.virtkit.model.internal.netcommon.IpAddresses.parseIpv4("1.2.3")).isNull();
        assertThat(io.virtkit.model.internal.netcommon.IpAddresses.parseIpv4("1.2.3.256")).isNull();
        assertThat(io.virtkit.model.internal.netcommon.IpAddresses.parseIpv4("01.2.3.4")).isEqualTo(ip("1.2.3.4"));
    }
}
