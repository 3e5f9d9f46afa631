package io.virtkit.model.internal.xml;

import java.util.Locale;

/** The units of libvirt's scaled integers ({@code <memory unit='GiB'>}, {@code <capacity unit='G'>}). */
public final class ScaledUnits {

    private ScaledUnits() {
    }

    /**
     * The bytes in one {@code unit}: b, byte, bytes 1; K, KiB 1024 and KB 1000, and so on up to E; {@code
     * whenEmpty} for an empty unit (each format has its own default); -1 for one libvirt does not know. libvirt
     * ignores case throughout: "KiB", "kib" and "KIB" are the same unit, as are "kB" and "KB".
     */
    public static long factor(String unit, long whenEmpty) {
        String u = unit.toLowerCase(Locale.ROOT);
        if (u.isEmpty()) {
            return whenEmpty;
        }
        if (u.equals("b") || u.equals("byte") || u.equals("bytes")) {
            return 1;
        }
        int power = "kmgtpe".indexOf(u.charAt(0)) + 1;
        String rest = u.substring(1);
        long base = rest.isEmpty() || rest.equals("ib") ? 1024 : rest.equals("b") ? 1000 : -1;
        if (power == 0 || base < 0) {
            return -1;
        }
        long scale = 1;
        for (int i = 0; i < power; i++) {
            scale *= base;
        }
        return scale;
    }
}
