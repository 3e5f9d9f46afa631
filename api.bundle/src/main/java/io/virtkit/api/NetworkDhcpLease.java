package io.virtkit.api;

import java.time.Instant;

/**
 * One DHCP lease of a virtual network, as virsh {@code net-dhcp-leases} lists them; {@code hostname} and
 * {@code clientId} may be null.
 */
public record NetworkDhcpLease(String iface, Instant expiry, String mac, String ipAddress, int prefix,
        String hostname, String clientId) {
}
