package io.virtkit.netdev.internal;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import java.util.HexFormat;
import java.util.Locale;

/** A 48-bit Ethernet address held in the low bits of {@code bits}. */
record MacAddress(long bits) {
    static final int LENGTH = 6;

    MacAddress {
        if ((bits & ~0xFFFF_FFFF_FFFFL) != 0) {
            throw new IllegalArgumentException("not a 48-bit address: " + Long.toHexString(bits));
        }
    }

    /** Parses "52:54:00:aa:bb:cc" (case-insensitive), libvirt's only accepted form. */
    static MacAddress parse(String text) {
        String[] parts = text == null ? new String[0] : text.split(":", -1);
        if (parts.length != LENGTH) {
            throw invalid(text);
        }
        long v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 2 || !p.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw invalid(text);
            }
            v = (v << 8) | Integer.parseInt(p, 16);
        }
        return new MacAddress(v);
    }

    private static VirtException invalid(String text) {
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.NONE,
                "unable to parse mac address '" + text + "'");
    }

    static MacAddress of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a MAC address has 6 bytes, not " + bytes.length);
        }
        long v = 0;
        for (byte b : bytes) {
            v = (v << 8) | (b & 0xFF);
        }
        return new MacAddress(v);
    }

    byte[] bytes() {
        byte[] out = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            out[i] = (byte) (bits >>> (8 * (LENGTH - 1 - i)));
        }
        return out;
    }

    int firstByte() {
        return (int) (bits >>> 40) & 0xFF;
    }

    MacAddress withFirstByte(int value) {
        return new MacAddress((bits & 0x00FF_FFFF_FFFFL) | ((long) (value & 0xFF) << 40));
    }

    /**
     * The MAC a guest NIC's TAP gets: the guest's with the first byte 0xFE, or 0xFA when the guest's
     * already starts with 0xFE. The TAP must never carry the guest's own address (the kernel would log
     * "received packet with own address as source"), and a high first byte keeps the bridge from
     * adopting the TAP's address as its own (a bridge takes its ports' lowest MAC).
     */
    MacAddress forTap() {
        return withFirstByte(firstByte() == 0xFE ? 0xFA : 0xFE);
    }

    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").formatHex(bytes()).toLowerCase(Locale.ROOT);
    }
}
