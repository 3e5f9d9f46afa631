package io.virtkit.qemu.internal.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file's owner and permission bits, as remembered before the file is given to QEMU's user.
 *
 * @param uid  the owning user
 * @param gid  the owning group
 * @param mode the permission bits (07777)
 */
public record FileOwner(int uid, int gid, int mode) {

    /** What a file has now (following symbolic links: the file QEMU opens). */
    public static FileOwner of(Path file) throws IOException {
        return new FileOwner((Integer) Files.getAttribute(file, "unix:uid"), (Integer) Files.getAttribute(file,
                "unix:gid"), (Integer) Files.getAttribute(file, "unix:mode") & 07777);
    }

    /** The record's text: {@code uid:gid:mode} (mode in octal). */
    String format() {
        return uid + ":" + gid + ":" + Integer.toOctalString(mode);
    }

    /** Reads {@link #format}'s text; null when it is not one. */
    static FileOwner parse(String text) {
        String[] f = text.strip().split(":");
        if (f.length != 3) {
            return null;
        }
        try {
            return new FileOwner(Integer.parseUnsignedInt(f[0]), Integer.parseUnsignedInt(f[1]),
                    Integer.parseInt(f[2], 8) & 07777);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
