package io.virtkit.model.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtkit.model.internal.netcommon.IpAddresses;
import io.virtkit.model.netcommon.VirtualPortType;
import io.virtkit.model.netcommon.VlanTag;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample is parsed, written, and parsed again to an equal definition; what is written is valid against
 * libvirt's network schema ({@code virt-xml-validate}) and is written again unchanged.
 */
class NetworkSamplesRoundTripTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void requireValidator(@TempDir Path dir) throws Exception {
        NetworkXmlSchemaTest.requireValidator(dir);
    }

    static java.util.List<String> samples() {
        return NetworkSamples.NAMES;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void parseWriteParseIsEqualAndSchemaValid(String name) throws Exception {
        NetworkDefinition def = NetworkXmlCodec.parse(NetworkSamples.read(name));
        String written = NetworkXmlCodec.format(def);

        assertThat(NetworkXmlCodec.parse(written)).isEqualTo(def);
        assertThat(NetworkXmlCodec.format(NetworkXmlCodec.parse(written))).isEqualTo(written);
        Path file = dir.resolve(name + ".xml");
        Files.writeString(file, written);
        NetworkXmlSchemaTest.Result r = NetworkXmlSchemaTest.validate(file);
        assertThat(r.exitCode()).as("virt-xml-validate of %s:%n%s%n%s", name, written, r.output()).isZero();
    }

    @Test
    void theRichestSampleIsReadIntoTypedValues() {
        NetworkDefinition def = NetworkXmlCodec.parse(NetworkSamples.read("nat-everything"));

        assertThat(def.ipv6()).isTrue();
        assertThat(def.trustGuestRxFilters()).isFalse();
        assertThat(def.metadata()).contains("urn:example:app").contains("<b>as is</b>");
        assertThat(def.forward().nat().addressStart()).isEqualTo(IpAddresses.parse("203.0.113.10"));
        assertThat(def.forward().nat().portEnd()).isEqualTo(65535);
        assertThat(def.forwardDev()).isEqualTo("eth0");
        assertThat(def.bridge()).isEqualTo(new NetworkBridge("virbr20", "trusted", false, 2, MacTableManager.LIBVIRT));
        assertThat(def.domain()).isEqualTo(new NetworkDomain("lab.example", true));
        assertThat(def.dns().forwarders()).hasSize(3);
        assertThat(def.dns().srvs().get(0).port()).isEqualTo(389);
        assertThat(def.dns().hosts().get(0).hostnames()).containsExactly("web", "www");
        assertThat(def.bandwidth().inbound().burst()).isEqualTo(1024);
        assertThat(def.port().isolated()).isTrue();
        NetworkIp v4 = def.ips().get(0);
        assertThat(v4.tftpRoot()).isEqualTo("/srv/tftp");
        assertThat(v4.dhcpRanges().get(0).lease().seconds()).isEqualTo(7200);
        assertThat(v4.dhcpHosts().get(1).id()).startsWith("00:04:");
        assertThat(v4.bootp()).isEqualTo(new DhcpBootp("pxelinux.0", "boot.lab.example"));
        NetworkIp v6 = def.ips().get(1);
        assertThat(v6.isIpv6()).isTrue();
        assertThat(v6.prefix()).isEqualTo(64);
        assertThat(v6.dhcpRanges().get(0).size()).isEqualTo(256);
        assertThat(def.dhcpIp()).contains(v4);
        assertThat(def.routes()).hasSize(3);
        assertThat(def.routes().get(2).gateway()).isEqualTo(IpAddresses.parse("fd00:150::2"));
        assertThat(def.portGroups().get(0).vlan().tags().get(0).nativeMode()).isEqualTo(VlanTag.NativeMode.UNTAGGED);
        assertThat(def.dnsmasqOptions()).containsExactly("dhcp-authoritative", "log-queries");
        assertThat(NetworkXmlCodec.format(def)).contains("<ip family='ipv6' address='fd00:150::1' prefix='64'");
    }

    @Test
    void switchPortsAndPoolsAreTyped() {
        NetworkDefinition ovs = NetworkXmlCodec.parse(NetworkSamples.read("bridge-openvswitch"));
        NetworkDefinition vepa = NetworkXmlCodec.parse(NetworkSamples.read("vepa-pool"));
        NetworkDefinition hostdev = NetworkXmlCodec.parse(NetworkSamples.read("hostdev-pool"));

        assertThat(ovs.virtualPort().type()).isEqualTo(VirtualPortType.OPENVSWITCH);
        assertThat(ovs.connections()).isEqualTo(3);
        assertThat(vepa.virtualPort().typeId()).isEqualTo(1193047);
        assertThat(vepa.forward().interfaces()).extracting(ForwardInterface::dev).containsExactly("eth2", "eth3");
        assertThat(hostdev.forward().addresses().get(1))
                .isEqualTo(new ForwardPciAddress(0, 3, 0x10, 3, false, null));
        assertThat(hostdev.forward().driverName()).isEqualTo("vfio");
        assertThat(hostdev.forward().managed()).isTrue();
    }

    @Test
    void ipv6AddressesAreWrittenCompressed() {
        assertThat(IpAddresses.format(IpAddresses.parse("2001:0db8:0000:0000:0000:0000:0000:0001")))
                .isEqualTo("2001:db8::1");
        assertThat(IpAddresses.format(IpAddresses.parse("fd00:0:1:0:0:1:0:0"))).isEqualTo("fd00:0:1::1:0:0");
        assertThat(IpAddresses.format(IpAddresses.parse("::"))).isEqualTo("::");
        assertThat(IpAddresses.parse("fd00::zz")).isNull();
        assertThat(IpAddresses.parse("fe80::1%eth0")).isNull();
        assertThat(IpAddresses.parse("fd00:::1")).isNull();
        assertThat(IpAddresses.parse("::ffff:10.0.0.1")).isInstanceOf(java.net.Inet6Address.class);
    }
}
