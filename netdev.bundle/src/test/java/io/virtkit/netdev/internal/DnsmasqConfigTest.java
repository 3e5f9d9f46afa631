package io.virtkit.netdev.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** dnsmasq's config and hosts file as written, the validation that keeps values on their line, lease parsing. */
class DnsmasqConfigTest {
    private static final Ipv4 ADDR = Ipv4.parse("192.168.122.1");

    static DnsmasqConfig config(String network, String bridge, Optional<String> domain, List<DnsmasqConfig.DhcpHost> hosts) {
        return new DnsmasqConfig(network, bridge, ADDR, 24,
                Optional.of(new DnsmasqConfig.DhcpRange(Ipv4.parse("192.168.122.2"), Ipv4.parse("192.168.122.254"))),
                hosts, domain);
    }

    @Test
    void configMatchesLibvirtsShape() {
        DnsmasqConfig cfg = config("default", "virbr0", Optional.of("example.org"), List.of(
                new DnsmasqConfig.DhcpHost(MacAddress.parse("52:54:00:aa:bb:cc"), Ipv4.parse("192.168.122.10"),
                        Optional.of("web1")),
                new DnsmasqConfig.DhcpHost(MacAddress.parse("52:54:00:aa:bb:cd"), Ipv4.parse("192.168.122.11"),
                        Optional.empty())));
        DnsmasqProcess.InstanceFiles files = DnsmasqProcess.InstanceFiles.of(Path.of("/run/vk"), "default");
        String text = DnsmasqProcess.render(cfg, files);
        assertThat(text.lines().filter(l -> !l.startsWith("#")).toList()).containsExactly(
                "strict-order",
                "pid-file=/run/vk/default.pid",
                "except-interface=lo",
                "bind-dynamic",
                "interface=virbr0",
                "no-resolv",
                "domain=example.org",
                "local=/example.org/",
                "expand-hosts",
                "dhcp-range=192.168.122.2,192.168.122.254,255.255.255.0",
                "dhcp-no-override",
                "dhcp-authoritative",
                "dhcp-lease-max=253",
                "dhcp-leasefile=/run/vk/default.leases",
                "dhcp-hostsfile=/run/vk/default.hostsfile");
        assertThat(DnsmasqProcess.renderHosts(cfg))
                .isEqualTo("52:54:00:aa:bb:cc,192.168.122.10,web1\n52:54:00:aa:bb:cd,192.168.122.11\n");
    }

    @Test
    void withoutDhcpThereIsNoDhcpLine() {
        DnsmasqConfig cfg = new DnsmasqConfig("dnsonly", "vkbr1", ADDR, 24, Optional.empty(), List.of(), Optional.empty());
        String text = DnsmasqProcess.render(cfg, DnsmasqProcess.InstanceFiles.of(Path.of("/s"), "dnsonly"));
        assertThat(text).doesNotContain("dhcp").doesNotContain("domain=").contains("interface=vkbr1\n");
    }

    @Test
    void valuesThatCouldInjectConfigLinesAreRefused() {
        assertInvalid(() -> config("net\ndhcp-script=/tmp/x", "virbr0", Optional.empty(), List.of()),
                "invalid argument: invalid network name 'net\\x0adhcp-script=/tmp/x'");
        assertInvalid(() -> config("../etc", "virbr0", Optional.empty(), List.of()),
                "invalid argument: invalid network name '../etc'");
        assertInvalid(() -> config("n", "br0\nuser=root", Optional.empty(), List.of()),
                "invalid argument: invalid bridge name 'br0\\x0auser=root'");
        assertInvalid(() -> config("n", "br,0", Optional.empty(), List.of()),
                "invalid argument: invalid bridge name 'br,0'");
        assertInvalid(() -> config("n", "virbr0", Optional.of("ex.org\u0000x"), List.of()),
                "invalid argument: invalid domain name 'ex.org\\x00x'");
        assertInvalid(() -> config("n", "virbr0", Optional.of("a b"), List.of()),
                "invalid argument: invalid domain name 'a b'");
        assertInvalid(() -> new DnsmasqConfig.DhcpHost(MacAddress.parse("52:54:00:aa:bb:cc"),
                Ipv4.parse("192.168.122.9"), Optional.of("h,1.2.3.4")), "invalid argument: invalid host name 'h,1.2.3.4'");
        assertInvalid(() -> config(null, "virbr0", Optional.empty(), List.of()),
                "invalid argument: invalid network name '(null)'");
    }

    @Test
    void rangesAndHostsMustLieInTheSubnet() {
        assertThatThrownBy(() -> new DnsmasqConfig("n", "virbr0", ADDR, 24,
                Optional.of(new DnsmasqConfig.DhcpRange(Ipv4.parse("192.168.122.2"), Ipv4.parse("192.168.123.9"))),
                List.of(), Optional.empty()))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED);
                    assertThat(e.domain()).isEqualTo(ErrorDomain.NETWORK);
                })
                .hasMessageContaining("range 192.168.122.2 - 192.168.123.9 is not entirely within network 192.168.122.0/24");
        assertThatThrownBy(() -> new DnsmasqConfig("n", "virbr0", ADDR, 24,
                Optional.of(new DnsmasqConfig.DhcpRange(Ipv4.parse("192.168.122.9"), Ipv4.parse("192.168.122.2"))),
                List.of(), Optional.empty())).hasMessageContaining("is reversed");
        assertThatThrownBy(() -> config("n", "virbr0", Optional.empty(), List.of(new DnsmasqConfig.DhcpHost(
                MacAddress.parse("52:54:00:aa:bb:cc"), Ipv4.parse("10.0.0.5"), Optional.empty()))))
                .hasMessageContaining("DHCP host address 10.0.0.5 is not within network 192.168.122.0/24");
    }

    @Test
    void leaseFileIsParsed() {
        String text = "1700000000 52:54:00:aa:bb:cc 192.168.122.50 guest1 01:52:54:00:aa:bb:cc\n"
                + "0 52:54:00:aa:bb:cd 192.168.122.51 * *\n"
                + "garbage line\n"
                + "duid 00:01:00:01:2c:2b:3e:4f:52:54:00:00:00:01\n"
                + "1700000000 12345 fd00::10 * 00:01:00:01\n";
        List<DhcpLease> leases = DhcpLease.parse(text);
        assertThat(leases).containsExactly(
                new DhcpLease(Optional.of(Instant.ofEpochSecond(1700000000L)), MacAddress.parse("52:54:00:aa:bb:cc"),
                        Ipv4.parse("192.168.122.50"), Optional.of("guest1"), Optional.of("01:52:54:00:aa:bb:cc")),
                new DhcpLease(Optional.empty(), MacAddress.parse("52:54:00:aa:bb:cd"), Ipv4.parse("192.168.122.51"),
                        Optional.empty(), Optional.empty()));
        assertThat(DhcpLease.parse("")).isEmpty();
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARG);
            assertThat(e.domain()).isEqualTo(ErrorDomain.NETWORK);
        }).hasMessage(message);
    }
}
