package io.virtkit.model.network;

import java.net.Inet4Address;
import java.util.Objects;

/**
 * A static DHCP {@code <host>}: a fixed address for a guest, matched by MAC address or host name.
 *
 * @param mac  the guest's MAC address, lower case, colon separated, or {@code null} (then {@code name} is set)
 * @param name the host name given to the guest, or {@code null}
 * @param ip   the address the guest gets
 */
public record DhcpHost(String mac, String name, Inet4Address ip) {

    public DhcpHost {
        Objects.requireNonNull(ip, "ip");
        String canonical = Ipv4.normalizeMac(mac);
        if (canonical != null) {
            // an unparsable MAC stays as written so that NetworkDefinition can name it in its error
            mac = canonical;
        }
    }
}
