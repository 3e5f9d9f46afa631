package io.virtkit.storage.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The mounts this process sees, read from {@code /proc/self/mountinfo}: what an fs pool checks before
 * mounting (never twice) and after (it is there), as libvirt checks its mount table.
 */
final class MountTable {
    /** One line: where it is mounted, what is mounted there, and its file system type. */
    record Mount(String mountPoint, String source, String type) {
    }

    private final Path mountinfo;

    MountTable() {
        this(Path.of("/proc/self/mountinfo"));
    }

    MountTable(Path mountinfo) {
        this.mountinfo = mountinfo;
    }

    List<Mount> mounts() {
        try {
            return parse(Files.readAllLines(mountinfo));
        } catch (IOException e) {
            throw StorageErrors.system(e, "cannot read " + mountinfo);
        }
    }

    /** The topmost mount on {@code mountPoint} (the last line naming it), if any. */
    Optional<Mount> at(Path mountPoint) {
        String wanted = mountPoint.toAbsolutePath().normalize().toString();
        Mount found = null;
        for (Mount m : mounts()) {
            if (m.mountPoint().equals(wanted)) {
                found = m;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Whether {@code source} (a device path) is mounted anywhere. */
    boolean isSourceMounted(Path source) {
        String wanted = source.toAbsolutePath().normalize().toString();
        return mounts().stream().anyMatch(m -> m.source().equals(wanted));
    }

    /**
     * mountinfo's fields: id, parent, major:minor, root, mount point, options, optional fields ending with
     * "-", then type, source and super options; spaces and such in paths are octal escapes ("\040").
     */
    static List<Mount> parse(List<String> lines) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            int dash = -1;
            for (int i = 6; i < f.length; i++) {
                if (f[i].equals("-")) {
                    dash = i;
                    break;
                }
            }
            if (f.length < 5 || dash < 0 || dash + 2 >= f.length) {
                continue;
            }
            mounts.add(new Mount(unescape(f[4]), unescape(f[dash + 2]), f[dash + 1]));
        }
        return mounts;
    }

    static String unescape(String field) {
        StringBuilder sb = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 4 <= field.length()
                    && field.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
                sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
