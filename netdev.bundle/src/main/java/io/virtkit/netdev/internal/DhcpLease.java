package io.virtkit.netdev.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One IPv4 lease from dnsmasq's lease file, what {@code net-dhcp-leases} shows.
 *
 * @param expiry absent for an infinite lease (dnsmasq writes 0)
 * @param hostname the name the client sent, absent when none ('*')
 * @param clientId the DHCP client identifier, absent when none ('*')
 */
record DhcpLease(Optional<Instant> expiry, MacAddress mac, Ipv4 ip, Optional<String> hostname,
        Optional<String> clientId) {

    /**
     * Parses dnsmasq's lease file: one lease a line, "EXPIRY MAC IP HOSTNAME CLIENTID", '*' for an
     * absent field. DHCPv6 leases (after a "duid" line, with an IAID instead of a MAC) and lines
     * that do not parse are skipped: the file is written by another process and may be mid-update.
     */
    static List<DhcpLease> parse(String text) {
        List<DhcpLease> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 4 || f[0].equals("duid")) {
                continue;
            }
            try {
                long expiry = Long.parseLong(f[0]);
                MacAddress mac = MacAddress.parse(f[1]);
                Ipv4 ip = Ipv4.parse(f[2]);
                out.add(new DhcpLease(expiry == 0 ? Optional.empty() : Optional.of(Instant.ofEpochSecond(expiry)),
                        mac, ip, field(f[3]), f.length > 4 ? field(f[4]) : Optional.empty()));
            } catch (RuntimeException skipped) {
                // not an IPv4 lease line
            }
        }
        return out;
    }

    private static Optional<String> field(String value) {
        return value.equals("*") ? Optional.empty() : Optional.of(value);
    }
}
