package io.virtkit.model.netcommon;

import java.net.InetAddress;
import java.util.Objects;

/**
 * A static {@code <route>}: traffic for a subnet goes through a gateway.
 *
 * @param family       {@code ipv4} or {@code ipv6} as written, or {@code null}
 * @param address      the destination subnet's address
 * @param netmask      its netmask as written (IPv4 only), or {@code null}
 * @param prefixLength its prefix as written, or {@code null}; never both
 * @param gateway      the gateway's address, of the same family
 * @param metric       the route's metric (at least 1), or {@code null}
 */
public record IpRoute(String family, InetAddress address, InetAddress netmask, Integer prefixLength,
        InetAddress gateway, Long metric) {

    public IpRoute {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(gateway, "gateway");
    }
}
