package io.virtkit.lxc.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * How the init wrapper runs the host's {@code umount} after pivot_root, when the host's tree is only
 * reachable through a directory descriptor ({@code /proc/1/fd/9}) and the container's root has no
 * dynamic loader of ours: umount is run by the host's loader, named explicitly, with the host's library
 * directories. The paths are the host's real ones (no symbolic links: those would resolve in the
 * container). A static umount needs neither.
 *
 * @param umount      the host's umount binary
 * @param loader      the ELF interpreter, or null for a static binary
 * @param libraryDirs where its libraries are
 */
record HostUmount(Path umount, Path loader, List<String> libraryDirs) {

    /** Finds umount on the usual paths and asks ldd for its loader and libraries. */
    static HostUmount detect() {
        Path umount = null;
        for (String candidate : List.of("/usr/bin/umount", "/bin/umount", "/usr/sbin/umount", "/sbin/umount")) {
            Path p = Path.of(candidate);
            if (Files.isExecutable(p)) {
                umount = realPath(p);
                break;
            }
        }
        if (umount == null) {
            throw new IllegalStateException("cannot find umount (util-linux mount) on this host");
        }
        String ldd;
        try {
            Process p = new ProcessBuilder("ldd", umount.toString()).redirectErrorStream(true).start();
            ldd = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run ldd on " + umount + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return parseLdd(umount, ldd);
    }

    /** Reads ldd's answer: "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x…)" and the loader's line. */
    static HostUmount parseLdd(Path umount, String ldd) {
        if (ldd.contains("not a dynamic executable") || ldd.contains("statically linked")) {
            return new HostUmount(umount, null, List.of());
        }
        Path loader = null;
        Set<String> dirs = new LinkedHashSet<>();
        for (String line : ldd.split("\n")) {
            String l = line.strip();
            int arrow = l.indexOf("=> ");
            if (arrow >= 0) {
                String lib = l.substring(arrow + 3).replaceFirst("\\s*\\(0x[0-9a-f]+\\)$", "");
                if (lib.startsWith("/")) {
                    dirs.add(realPath(Path.of(lib)).getParent().toString());
                }
            } else if (l.startsWith("/")) {
                loader = realPath(Path.of(l.replaceFirst("\\s*\\(0x[0-9a-f]+\\)$", "")));
            }
        }
        if (loader == null) {
            throw new IllegalStateException("cannot find the dynamic loader of " + umount + " in: " + ldd);
        }
        List<String> ordered = new ArrayList<>(dirs);
        String loaderDir = loader.getParent().toString();
        if (!ordered.contains(loaderDir)) {
            ordered.add(loaderDir);
        }
        return new HostUmount(umount, loader, ordered);
    }

    /** The shell words that unmount {@code target} with the host's tree at {@code $hostVar}. */
    String command(String hostVar, String target) {
        String h = "\"$" + hostVar + "\"";
        if (loader == null) {
            return h + Shell.quote(umount.toString()) + " -l " + Shell.quote(target);
        }
        StringBuilder libs = new StringBuilder();
        for (String dir : libraryDirs) {
            libs.append(libs.length() == 0 ? "" : ":").append(h).append(Shell.quote(dir));
        }
        return h + Shell.quote(loader.toString()) + " --library-path " + libs + " " + h
                + Shell.quote(umount.toString()) + " -l " + Shell.quote(target);
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
