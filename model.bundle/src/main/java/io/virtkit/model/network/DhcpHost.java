package io.virtkit.model.network;

import io.virtkit.model.internal.netcommon.IpAddresses;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A static DHCP {@code <host>}: a fixed address for a guest, matched by MAC address (IPv4), DHCP unique id
 * (IPv6) or host name.
 *
 * @param mac   the guest's MAC address, lower case, colon separated, or {@code null}
 * @param id    the guest's DUID ({@code id}), or {@code null}
 * @param name  the host name given to the guest, or {@code null}
 * @param ip    the address the guest gets
 * @param lease the lease time, or {@code null} for the default
 */
public record DhcpHost(String mac, String id, String name, InetAddress ip, DhcpLease lease) {

    public DhcpHost {
        Objects.requireNonNull(ip, "ip");
        String canonical = IpAddresses.normalizeMac(mac);
        if (canonical != null) {
            // an unparsable MAC stays as written so that NetworkDefinition can name it in its error
            mac = canonical;
        }
    }

    /** An IPv4 host matched by MAC address or name, with the default lease time. */
    public DhcpHost(String mac, String name, InetAddress ip) {
        this(mac, null, name, ip, null);
    }
}
