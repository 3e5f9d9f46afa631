package io.virtkit.esx.internal;

import java.nio.charset.StandardCharsets;

/**
 * A domain name made into a file name on a datastore, as libvirt's ESX driver names a new VM's {@code .vmx}
 * (esxUtil_EscapeDatastoreItem), so that the file a define uploads is the one libvirt would upload: the
 * characters Windows refuses in paths ({@code " * < > : | ?}) become {@code _}; {@code %}, {@code /} and
 * {@code \} become {@code %25}, {@code %2f}, {@code %5c} (as vSphere escapes inventory names); then every run of
 * bytes outside letters, digits and {@code ' ( ) , . _ -} and space is written {@code +<base64>} (VMware's
 * alphabet, {@code ,} for {@code /}, no padding), closed by {@code -} when more follows. {@code défini} becomes
 * {@code d+w6k-fini}.
 */
final class EsxDatastoreItemNames {

    private static final String NORMAL =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'(),. _-";
    private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

    private EsxDatastoreItemNames() {
    }

    static String escape(String name) {
        StringBuilder replaced = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if ("\"*<>:|?".indexOf(c) >= 0) {
                replaced.append('_');
            } else if (c == '%' || c == '/' || c == '\\') {
                replaced.append('%').append(String.format("%02x", (int) c));
            } else {
                replaced.append(c);
            }
        }
        return base64Runs(replaced.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String base64Runs(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length);
        int i = 0;
        while (i < bytes.length) {
            if (normal(bytes[i])) {
                out.append((char) bytes[i++]);
                continue;
            }
            int end = i;
            while (end < bytes.length && !normal(bytes[end])) {
                end++;
            }
            out.append('+');
            for (int at = i; at < end; at += 3) {
                int left = end - at;
                int c1 = bytes[at] & 0xff;
                int c2 = left > 1 ? bytes[at + 1] & 0xff : 0;
                int c3 = left > 2 ? bytes[at + 2] & 0xff : 0;
                out.append(BASE64.charAt(c1 >> 2 & 0x3f)).append(BASE64.charAt(((c1 << 4) + (c2 >> 4)) & 0x3f));
                if (left > 1) {
                    out.append(BASE64.charAt(((c2 << 2) + (c3 >> 6)) & 0x3f));
                }
                if (left > 2) {
                    out.append(BASE64.charAt(c3 & 0x3f));
                }
            }
            if (end < bytes.length) {
                out.append('-');
            }
            i = end;
        }
        return out.toString();
    }

    private static boolean normal(byte b) {
        return b >= 0 && NORMAL.indexOf((char) b) >= 0;
    }
}
