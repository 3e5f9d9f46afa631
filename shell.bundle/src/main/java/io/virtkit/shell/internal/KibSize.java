package io.virtkit.shell.internal;

import java.math.BigInteger;
import java.util.Locale;

import org.apache.karaf.shell.support.CommandException;

/**
 * virsh's "scaled integer, default KiB" arguments (setmem, setmaxmem): "512" is KiB, "1G", "1GiB" are powers of
 * 1024, "1GB" of 1000, "4096b" bytes; the value is rounded up to whole KiB, as virsh does.
 */
final class KibSize {

    private static final BigInteger KIB = BigInteger.valueOf(1024);
    private static final BigInteger MAX_BYTES = new BigInteger("18446744073709551615"); // virsh's ULLONG_MAX

    private KibSize() {
    }

    /**
     * @param option the argument's name in virsh's error ("size")
     * @throws CommandException virsh's "Scaled numeric value 'x' for <size> option is malformed or out of range",
     *         with "invalid argument: unknown suffix 'X'" after it for a bad suffix
     */
    static long parse(String text, String option) throws CommandException {
        String malformed = "Scaled numeric value '" + text + "' for <" + option + "> option is malformed or out of range";
        int digits = 0;
        while (digits < text.length() && Character.isDigit(text.charAt(digits))) {
            digits++;
        }
        if (digits == 0) {
            throw Errors.of(malformed);
        }
        String suffix = text.substring(digits);
        BigInteger bytes = new BigInteger(text.substring(0, digits)).multiply(scale(suffix, malformed));
        if (bytes.compareTo(MAX_BYTES) > 0) {
            throw Errors.of(malformed);
        }
        return bytes.add(KIB.subtract(BigInteger.ONE)).divide(KIB).longValue();
    }

    /** The bytes one unit of {@code suffix} stands for; none is KiB. */
    private static BigInteger scale(String suffix, String malformed) throws CommandException {
        String s = suffix.toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            return KIB;
        }
        if (s.equals("b") || s.equals("byte") || s.equals("bytes")) {
            return BigInteger.ONE;
        }
        int power = "kmgtpe".indexOf(s.charAt(0)) + 1;
        String rest = s.substring(1);
        if (power == 0 || !(rest.isEmpty() || rest.equals("ib") || rest.equals("b"))) {
            throw Errors.thenFailed(malformed, "invalid argument: unknown suffix '" + suffix + "'");
        }
        return BigInteger.valueOf(rest.equals("b") ? 1000 : 1024).pow(power);
    }
}
