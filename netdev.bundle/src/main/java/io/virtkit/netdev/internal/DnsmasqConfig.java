package io.virtkit.netdev.internal;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What dnsmasq serves for one virtual network: the bridge it listens on, the bridge's address, an
 * optional DHCP range with static hosts, and an optional DNS domain. Every value is validated here,
 * because each ends up on a line of a config file: a newline, NUL or comma smuggled into a value
 * would add options of the caller's choosing.
 *
 * @param network the network's name, also the stem of every file of this instance
 * @param address the bridge's own address (dnsmasq answers as this)
 * @param range the DHCP range, absent for a network without DHCP (DNS only)
 */
record DnsmasqConfig(String network, String bridge, Ipv4 address, int prefixLength, Optional<DhcpRange> range,
        List<DhcpHost> hosts, Optional<String> domain) {

    /** Names used as file stems and nft table suffixes: no path separators, no spaces, no quoting needed. */
    private static final Pattern NETWORK_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}");
    /** Bridge names a config line can carry verbatim (the kernel allows more, such as ',' and '#'). */
    private static final Pattern BRIDGE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");
    /** RFC 1123 host names and DNS domains: dot-separated labels of letters, digits and inner hyphens. */
    private static final Pattern DNS_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    /** A DHCP range, both ends inclusive. */
    record DhcpRange(Ipv4 start, Ipv4 end) {
        DhcpRange {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
        }

        long size() {
            return end.unsigned() - start.unsigned() + 1;
        }
    }

    /** A static DHCP host: this MAC always gets this address, and the name when given. */
    record DhcpHost(MacAddress mac, Ipv4 ip, Optional<String> name) {
        DhcpHost {
            Objects.requireNonNull(mac, "mac");
            Objects.requireNonNull(ip, "ip");
            name = Objects.requireNonNullElse(name, Optional.empty());
            name.ifPresent(n -> requireDnsName(n, "host name"));
        }
    }

    DnsmasqConfig {
        requireNetworkName(network);
        if (bridge == null || !BRIDGE_NAME.matcher(bridge).matches()) {
            throw invalid("invalid bridge name '" + printable(bridge) + "'");
        }
        Objects.requireNonNull(address, "address");
        if (prefixLength < 1 || prefixLength > 30) {
            throw invalid("invalid prefix length " + prefixLength + " for network '" + network + "'");
        }
        range = Objects.requireNonNullElse(range, Optional.empty());
        hosts = List.copyOf(Objects.requireNonNullElse(hosts, List.of()));
        domain = Objects.requireNonNullElse(domain, Optional.empty());
        domain.ifPresent(d -> requireDnsName(d, "domain name"));
        for (DhcpRange r : range.stream().toList()) {
            if (!r.start().inSubnet(address, prefixLength) || !r.end().inSubnet(address, prefixLength)) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.NETWORK,
                        "range " + r.start() + " - " + r.end() + " is not entirely within network "
                                + address.network(prefixLength) + "/" + prefixLength);
            }
            if (r.start().unsigned() > r.end().unsigned()) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.NETWORK,
                        "range " + r.start() + " - " + r.end() + " is reversed");
            }
        }
        for (DhcpHost h : hosts) {
            if (!h.ip().inSubnet(address, prefixLength)) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.NETWORK,
                        "DHCP host address " + h.ip() + " is not within network "
                                + address.network(prefixLength) + "/" + prefixLength);
            }
        }
    }

    static void requireNetworkName(String network) {
        if (network == null || !NETWORK_NAME.matcher(network).matches()) {
            throw invalid("invalid network name '" + printable(network) + "'");
        }
    }

    private static void requireDnsName(String name, String what) {
        if (name == null || !DNS_NAME.matcher(name).matches()) {
            throw invalid("invalid " + what + " '" + printable(name) + "'");
        }
    }

    /** The value for an error message, with control characters shown escaped rather than breaking the line. */
    private static String printable(String s) {
        if (s == null) {
            return "(null)";
        }
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                b.append(String.format("\\x%02x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    private static VirtException invalid(String detail) {
        return new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NETWORK, detail);
    }
}
