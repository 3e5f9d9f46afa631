package io.virtkit.model.network;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;

/** IPv4 and MAC address helpers that never touch the resolver (no DNS lookup for what looks like a name). */
final class Ipv4 {
    private Ipv4() {
    }

    /** Parses dotted-quad IPv4 text ({@code 192.168.122.1}); {@code null} if it is anything else. */
    static Inet4Address parse(String text) {
        if (text == null) {
            return null;
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            bytes[i] = (byte) v;
        }
        return of(bytes);
    }

    static long toLong(Inet4Address address) {
        byte[] b = address.getAddress();
        return ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL);
    }

    static Inet4Address fromLong(long value) {
        return of(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }

    private static Inet4Address of(byte[] bytes) {
        try {
            // getByAddress with raw bytes never resolves anything.
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The mask of {@code prefix} leading one bits, as a number. */
    static long maskOf(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    /** The prefix length of a contiguous netmask, or -1 when its one bits are not contiguous. */
    static int prefixOf(Inet4Address netmask) {
        long m = toLong(netmask);
        int bits = Long.bitCount(m);
        return maskOf(bits) == m ? bits : -1;
    }

    /**
     * libvirt's MAC syntax: six colon-separated octets of one or two hex digits. Returns the canonical
     * form (two lower-case digits each) or {@code null}.
     */
    static String normalizeMac(String text) {
        if (text == null) {
            return null;
        }
        String[] parts = text.split(":", -1);
        if (parts.length != 6) {
            return null;
        }
        byte[] bytes = new byte[6];
        for (int i = 0; i < 6; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 2 || !p.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return null;
            }
            bytes[i] = (byte) Integer.parseInt(p, 16);
        }
        return HexFormat.ofDelimiter(":").formatHex(bytes);
    }

    /** Whether a canonical MAC is a multicast address (lowest bit of the first octet set). */
    static boolean isMulticastMac(String canonicalMac) {
        return (Integer.parseInt(canonicalMac.substring(0, 2), 16) & 1) != 0;
    }
}
