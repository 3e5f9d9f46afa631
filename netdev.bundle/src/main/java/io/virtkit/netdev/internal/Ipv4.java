package io.virtkit.netdev.internal;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * An IPv4 address as its 32 bits. Parsed strictly from dotted-quad text by hand, never through
 * {@link java.net.InetAddress}, which would resolve a host name and accepts shorthand forms
 * ("10.1") that must not reach a config file or the kernel.
 */
record Ipv4(int bits) {

    static Ipv4 parse(String text) {
        String[] parts = text == null ? new String[0] : text.split("\\.", -1);
        if (parts.length != 4) {
            throw invalid(text);
        }
        int v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw invalid(text);
            }
            int octet = Integer.parseInt(p);
            if (octet > 255) {
                throw invalid(text);
            }
            v = (v << 8) | octet;
        }
        return new Ipv4(v);
    }

    static Ipv4 of(byte[] bytes) {
        if (bytes.length != 4) {
            throw new IllegalArgumentException("an IPv4 address has 4 bytes, not " + bytes.length);
        }
        return new Ipv4(((bytes[0] & 0xFF) << 24) | ((bytes[1] & 0xFF) << 16) | ((bytes[2] & 0xFF) << 8)
                | (bytes[3] & 0xFF));
    }

    /** The netmask of a prefix length 0..32 (255.255.255.0 for 24). */
    static Ipv4 netmask(int prefixLength) {
        checkPrefix(prefixLength);
        return new Ipv4(prefixLength == 0 ? 0 : -1 << (32 - prefixLength));
    }

    static void checkPrefix(int prefixLength) {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NONE,
                    "invalid IPv4 prefix length " + prefixLength);
        }
    }

    /** Network byte order, as rtnetlink and the wire carry it. */
    byte[] bytes() {
        return new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
    }

    Ipv4 network(int prefixLength) {
        return new Ipv4(bits & netmask(prefixLength).bits);
    }

    Ipv4 broadcast(int prefixLength) {
        return new Ipv4(bits | ~netmask(prefixLength).bits);
    }

    boolean inSubnet(Ipv4 network, int prefixLength) {
        return network(prefixLength).equals(network.network(prefixLength));
    }

    /** Unsigned numeric value, for ordering and range sizes. */
    long unsigned() {
        return bits & 0xFFFFFFFFL;
    }

    private static VirtException invalid(String text) {
        return new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NONE,
                "cannot parse IPv4 address '" + text + "'");
    }

    @Override
    public String toString() {
        return (bits >>> 24) + "." + ((bits >>> 16) & 0xFF) + "." + ((bits >>> 8) & 0xFF) + "." + (bits & 0xFF);
    }
}
