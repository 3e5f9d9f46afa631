package io.virtkit.remote.internal;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** A socket file's mode as configured, octal as libvirtd's {@code unix_sock_rw_perms} ("0600", "0666"). */
final class SocketMode {
    /** Owner read, write, execute; then group; then others: bit 8 down to bit 0. */
    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
        PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE,
    };

    private SocketMode() {
    }

    /**
     * @throws IllegalArgumentException when {@code mode} is not 3 or 4 octal digits of permission bits (no setuid,
     *     setgid or sticky bit: they mean nothing on a socket), or leaves the daemon's own user unable to connect
     */
    static Set<PosixFilePermission> parse(String mode) {
        String text = mode == null ? "" : mode.trim();
        if (!text.matches("0?[0-7]{3}")) {
            throw new IllegalArgumentException("socketMode '" + text + "' is not an octal mode such as 0600 or 0666");
        }
        int bits = Integer.parseInt(text, 8);
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < BITS.length; i++) {
            if ((bits & (1 << (8 - i))) != 0) {
                perms.add(BITS[i]);
            }
        }
        if (!perms.contains(PosixFilePermission.OWNER_WRITE)) {
            // connecting to a socket needs write permission: the daemon's own tools would be locked out
            throw new IllegalArgumentException("socketMode '" + text + "' does not let the socket's owner connect");
        }
        return perms;
    }
}
