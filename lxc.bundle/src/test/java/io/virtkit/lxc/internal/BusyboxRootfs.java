package io.virtkit.lxc.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A container root filesystem built at test time from Debian's busybox-static: {@code /bin/busybox} and a
 * symbolic link per applet the tests use. Nothing else: no /proc, /sys or /dev (the driver makes them).
 * Public for other modules' tests (lxc.bundle's test-jar).
 */
public final class BusyboxRootfs {
    private BusyboxRootfs() {
    }

    static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final List<String> APPLETS = List.of("sh", "hostname", "sleep", "cat", "ps", "mount", "ls",
            "head", "tail", "echo", "env", "dd", "true", "wc", "tty", "readlink", "mknod");

    public static Path build(Path dir) throws IOException {
        Path bin = dir.resolve("bin");
        Files.createDirectories(bin);
        Files.copy(BUSYBOX, bin.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
        for (String applet : APPLETS) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        // an absolute link as a real distribution has (/sbin/init -> /bin/busybox), resolved in the rootfs
        Files.createDirectories(dir.resolve("sbin"));
        Files.createSymbolicLink(dir.resolve("sbin/init"), Path.of("/bin/busybox"));
        return dir;
    }
}
