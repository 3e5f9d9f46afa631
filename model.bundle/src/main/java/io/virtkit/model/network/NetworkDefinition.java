package io.virtkit.model.network;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.internal.netcommon.IpAddresses;
import io.virtkit.model.netcommon.Bandwidth;
import io.virtkit.model.netcommon.IpRoute;
import io.virtkit.model.netcommon.PortOptions;
import io.virtkit.model.netcommon.VirtualPort;
import io.virtkit.model.netcommon.Vlan;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A virtual network's configuration: libvirt's whole network XML as an immutable value. {@link NetworkXmlCodec}
 * reads and writes it. Every definition is valid: the constructor checks what libvirt's parser checks and
 * throws a {@link VirtException} from {@link ErrorDomain#NETWORK} naming the network otherwise. What a driver
 * cannot run is the driver's to refuse. Optional parts are {@code null} when absent.
 *
 * @param name                the unique name (non-empty, no {@code /}, newline or NUL)
 * @param uuid                the unique id
 * @param connections         how many guest interfaces use the network (status XML only), or {@code null}
 * @param ipv6                whether guests talk IPv6 to each other without an IPv6 address ({@code ipv6}), or
 *                            {@code null}
 * @param trustGuestRxFilters whether guests' receive filters are trusted, or {@code null}
 * @param metadata            the {@code <metadata>} element's content, verbatim, or {@code null}
 * @param forward             how guests reach the outside, or {@code null} for an isolated network
 * @param bridge              the bridge (never {@code null}; {@link NetworkBridge#DEFAULT} without the element)
 * @param mtu                 the bridge's MTU, or {@code null} for the kernel's default
 * @param mac                 the bridge's MAC address, lower case, or {@code null} to let the driver generate one
 * @param domain              the DNS domain of the guests, or {@code null}
 * @param dns                 the DNS server's configuration, or {@code null}
 * @param bandwidth           the network's QoS, or {@code null}
 * @param vlan                the network's VLAN tags, or {@code null}
 * @param port                the ports' options ({@code <port isolated>}), or {@code null}
 * @param ips                 the host's addresses on the network (IPv4 and IPv6)
 * @param routes              static routes through guests
 * @param virtualPort         the switch port profile, or {@code null}
 * @param portGroups          the port groups
 * @param dnsmasqOptions      the {@code <dnsmasq:options>} values passed to dnsmasq verbatim
 */
public record NetworkDefinition(String name, UUID uuid, Integer connections, Boolean ipv6,
        Boolean trustGuestRxFilters, String metadata, NetworkForward forward, NetworkBridge bridge, Integer mtu,
        String mac, NetworkDomain domain, NetworkDns dns, Bandwidth bandwidth, Vlan vlan, PortOptions port,
        List<NetworkIp> ips, List<IpRoute> routes, VirtualPort virtualPort, List<PortGroup> portGroups,
        List<String> dnsmasqOptions) {

    /** The longest network interface name Linux accepts (IFNAMSIZ - 1). */
    public static final int MAX_INTERFACE_NAME = 15;

    public NetworkDefinition {
        checkName(name);
        Objects.requireNonNull(uuid, "uuid");
        bridge = bridge == null ? NetworkBridge.DEFAULT : bridge;
        ips = List.copyOf(ips);
        routes = List.copyOf(routes);
        portGroups = List.copyOf(portGroups);
        dnsmasqOptions = List.copyOf(dnsmasqOptions);
        if (dns != null && dns.isEmpty()) {
            dns = null;
        }
        if (bandwidth != null && bandwidth.isEmpty()) {
            bandwidth = null;
        }
        if (mac != null) {
            String canonical = IpAddresses.normalizeMac(mac);
            if (canonical == null) {
                throw NetworkChecks.xmlError("Invalid bridge mac address '" + mac + "' in network '" + name + "'");
            }
            if (IpAddresses.isMulticastMac(canonical)) {
                throw NetworkChecks.xmlError("Invalid multicast bridge mac address '" + mac + "' in network '" + name
                        + "'");
            }
            mac = canonical;
        }
        NetworkChecks.check(name, forward, bridge, mtu, dns, ips, routes, portGroups);
    }

    /** How guests reach the outside ({@link ForwardMode#NONE} for an isolated network). */
    public ForwardMode forwardMode() {
        return forward == null ? ForwardMode.NONE : forward.mode();
    }

    /** The host device traffic is forwarded through ({@code <forward dev>}), or {@code null}. */
    public String forwardDev() {
        return forward == null ? null : forward.dev();
    }

    /** The bridge's name, or {@code null} until the driver picks one. */
    public String bridgeName() {
        return bridge.name();
    }

    /** Whether the bridge runs STP. */
    public boolean stp() {
        return bridge.stp();
    }

    /** The bridge's forward delay in seconds. */
    public long stpDelay() {
        return bridge.delay();
    }

    /** The DNS domain's name, or {@code null}. */
    public String domainName() {
        return domain == null ? null : domain.name();
    }

    /** The IPv4 address that runs the DHCP server, if any. */
    public Optional<NetworkIp> dhcpIp() {
        return ips.stream().filter(NetworkIp::isIpv4).filter(NetworkIp::hasDhcp).findFirst();
    }

    /** A copy with another UUID. */
    public NetworkDefinition withUuid(UUID newUuid) {
        return toBuilder().uuid(newUuid).build();
    }

    /** A copy with another bridge name (e.g. the {@code virbr<N>} the driver picked). */
    public NetworkDefinition withBridgeName(String newBridgeName) {
        return toBuilder().bridgeName(newBridgeName).build();
    }

    /** A copy with another bridge MAC address (e.g. the one the driver generated). */
    public NetworkDefinition withMac(String newMac) {
        return toBuilder().mac(newMac).build();
    }

    /**
     * Checks a network name as libvirt checks domain names: present and non-empty, and no {@code /}
     * (names become file names), newline or NUL.
     *
     * @throws VirtException {@link ErrorCode#NO_NAME} or {@link ErrorCode#XML_DETAIL} as libvirt
     */
    public static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw VirtException.withMessage(ErrorCode.NO_NAME, ErrorDomain.NETWORK, "missing name information");
        }
        for (char c : List.of('/', '\n', '\0')) {
            if (name.indexOf(c) >= 0) {
                // libvirt reports this as a parser detail without a prefix.
                throw VirtException.withMessage(ErrorCode.XML_DETAIL, ErrorDomain.NETWORK,
                        "invalid char in name: " + (c == '\0' ? "0x00" : String.valueOf(c)));
            }
        }
    }

    /**
     * A builder with libvirt's defaults: an isolated network, STP on with no delay, no addresses, and a
     * random UUID unless one is set.
     */
    public static NetworkDefinitionBuilder builder() {
        return new NetworkDefinitionBuilder();
    }

    /** A builder holding this definition's values, to change some of them. */
    public NetworkDefinitionBuilder toBuilder() {
        return new NetworkDefinitionBuilder(this);
    }
}
