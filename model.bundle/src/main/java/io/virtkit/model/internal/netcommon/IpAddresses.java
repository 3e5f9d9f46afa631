package io.virtkit.model.internal.netcommon;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;

/**
 * IPv4 and IPv6 address text and arithmetic that never touch the resolver: text is parsed as numbers only,
 * so a host name is refused, not looked up. Addresses are written as libvirt writes them (dotted quad;
 * RFC 5952 compressed lower-case IPv6).
 */
public final class IpAddresses {
    private IpAddresses() {
    }

    /** Dotted-quad IPv4 text ({@code 192.168.122.1}); {@code null} if it is anything else. */
    public static Inet4Address parseIpv4(String text) {
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
        return (Inet4Address) of(bytes);
    }

    /** IPv6 text ({@code fd00::1}, also with a trailing dotted quad); {@code null} if it is anything else. */
    public static Inet6Address parseIpv6(String text) {
        if (text == null || text.indexOf(':') < 0 || text.length() > 45
                || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            return null;
        }
        try {
            // only hex digits, colons and dots: the JDK reads this as a literal and never resolves it
            InetAddress a = InetAddress.getByName(text);
            if (a instanceof Inet6Address v6) {
                return v6;
            }
            // the JDK turns ::ffff:a.b.c.d into IPv4; keep it IPv6 as written
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(a.getAddress(), 0, mapped, 12, 4);
            return (Inet6Address) Inet6Address.getByAddress(null, mapped, -1);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** IPv4 or IPv6 text, {@code null} if it is neither. */
    public static InetAddress parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        return t.indexOf(':') >= 0 ? parseIpv6(t) : parseIpv4(t);
    }

    /** The address as libvirt writes it; {@code null} stays {@code null}. */
    public static String format(InetAddress a) {
        if (a == null) {
            return null;
        }
        if (a instanceof Inet4Address) {
            return a.getHostAddress();
        }
        byte[] b = a.getAddress();
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8;) {
            int j = i;
            while (j < 8 && words[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(words[i]));
        }
        return s.toString();
    }

    public static InetAddress of(byte[] bytes) {
        try {
            // raw bytes are never resolved
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The number of bits of the address: 32 or 128. */
    public static int bits(InetAddress a) {
        return a.getAddress().length * 8;
    }

    /** The address with the bits after {@code prefix} cleared (the subnet's network address). */
    public static InetAddress network(InetAddress a, int prefix) {
        byte[] b = a.getAddress();
        for (int i = 0; i < b.length; i++) {
            b[i] &= maskByte(prefix, i);
        }
        return of(b);
    }

    /** The address with the bits after {@code prefix} set (the IPv4 broadcast address). */
    public static InetAddress broadcast(InetAddress a, int prefix) {
        byte[] b = a.getAddress();
        for (int i = 0; i < b.length; i++) {
            b[i] |= (byte) ~maskByte(prefix, i);
        }
        return of(b);
    }

    /** The netmask of {@code prefix} bits for addresses of {@code bits} bits. */
    public static InetAddress netmask(int prefix, int bits) {
        byte[] b = new byte[bits / 8];
        for (int i = 0; i < b.length; i++) {
            b[i] = maskByte(prefix, i);
        }
        return of(b);
    }

    /** The prefix length of a contiguous netmask, or -1 when its one bits are not contiguous. */
    public static int prefixOf(InetAddress netmask) {
        BigInteger m = toNumber(netmask);
        int ones = m.bitCount();
        return toNumber(netmask(ones, bits(netmask))).equals(m) ? ones : -1;
    }

    /** Whether {@code a} and {@code b} are of one family and agree in their first {@code prefix} bits. */
    public static boolean sameSubnet(InetAddress a, InetAddress b, int prefix) {
        return a.getClass() == b.getClass() && network(a, prefix).equals(network(b, prefix));
    }

    /** The address as an unsigned number, to compare and subtract. */
    public static BigInteger toNumber(InetAddress a) {
        return new BigInteger(1, a.getAddress());
    }

    private static byte maskByte(int prefix, int index) {
        int bitsHere = Math.max(0, Math.min(8, prefix - index * 8));
        return (byte) (0xFF00 >>> bitsHere);
    }

    /**
     * libvirt's MAC syntax: six colon-separated octets of one or two hex digits. Returns the canonical
     * form (two lower-case digits each) or {@code null}.
     */
    public static String normalizeMac(String text) {
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
    public static boolean isMulticastMac(String canonicalMac) {
        return (Integer.parseInt(canonicalMac.substring(0, 2), 16) & 1) != 0;
    }
}
