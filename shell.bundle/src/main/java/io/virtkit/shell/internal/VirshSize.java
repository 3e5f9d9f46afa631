package io.virtkit.shell.internal;

import java.util.Locale;

import org.apache.karaf.shell.support.CommandException;

/** Sizes as virsh prints them ("10.00 MiB") and reads them ("10M", "10MB", "10MiB", plain bytes). */
final class VirshSize {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private VirshSize() {
    }

    /** Two decimals in the largest binary unit the value reaches, as virsh's pool-info and vol-info do. */
    static String format(long bytes) {
        return format(bytes, 2);
    }

    /** {@code decimals} decimals in the largest binary unit the value reaches (domjobinfo prints three). */
    static String format(long bytes, int decimals) {
        int unit = 0;
        double value = bytes;
        while (unit < UNITS.length - 1 && Long.compareUnsigned(bytes, 1L << (10 * (unit + 1))) >= 0) {
            unit++;
        }
        value = unit == 0 ? bytes : bytes / (double) (1L << (10 * unit));
        return String.format(Locale.ROOT, "%." + decimals + "f %s", value, UNITS[unit]);
    }

    /**
     * A size with virsh's suffixes: none or b/byte/bytes for bytes, k m g t p e (with or without "iB") for
     * powers of 1024, "KB", "MB"… for powers of 1000. A wrong one fails with virsh's two lines
     * "Malformed size 10X" and "invalid argument: unknown suffix 'X'".
     */
    static long parse(String text) throws CommandException {
        int end = 0;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        if (end == 0) {
            throw Errors.thenFailed("Malformed size " + text, "invalid argument: unknown suffix '" + text + "'");
        }
        String suffix = text.substring(end);
        long base = 1;
        String lower = suffix.toLowerCase(Locale.ROOT);
        if (!lower.isEmpty() && !lower.equals("b") && !lower.equals("byte") && !lower.equals("bytes")) {
            int power = "kmgtpe".indexOf(lower.charAt(0)) + 1;
            String rest = lower.substring(1);
            if (power == 0 || !(rest.isEmpty() || rest.equals("ib") || rest.equals("b"))) {
                throw Errors.thenFailed("Malformed size " + text, "invalid argument: unknown suffix '" + suffix + "'");
            }
            long unit = rest.equals("b") ? 1000 : 1024;
            for (int i = 0; i < power; i++) {
                base = Math.multiplyExact(base, unit);
            }
        }
        try {
            return Math.multiplyExact(Long.parseLong(text.substring(0, end)), base);
        } catch (ArithmeticException | NumberFormatException e) {
            throw Errors.thenFailed("Malformed size " + text, "Numerical result out of range");
        }
    }
}
