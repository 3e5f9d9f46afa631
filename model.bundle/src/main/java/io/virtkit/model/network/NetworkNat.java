package io.virtkit.model.network;

import java.net.InetAddress;

/**
 * The {@code <nat>} of a NAT network: which public addresses and ports masquerading uses.
 *
 * @param ipv6         whether IPv6 traffic is masqueraded too ({@code ipv6='yes'}), or {@code null}
 * @param addressStart the first public IPv4 address, or {@code null} (then also {@code addressEnd})
 * @param addressEnd   the last public IPv4 address, or {@code null}
 * @param portStart    the first source port (1-65535), or {@code null} (then also {@code portEnd})
 * @param portEnd      the last source port, or {@code null}
 */
public record NetworkNat(Boolean ipv6, InetAddress addressStart, InetAddress addressEnd, Integer portStart,
        Integer portEnd) {

    /** Whether nothing is set (libvirt then writes no {@code <nat>}). */
    public boolean isEmpty() {
        return ipv6 == null && addressStart == null && portStart == null;
    }
}
