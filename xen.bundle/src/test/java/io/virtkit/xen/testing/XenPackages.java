package io.virtkit.xen.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian 12's Xen hypervisor, toolstack, dom0 kernel and the small userland of the nested test host, fetched with
 * {@code apt-get download} and unpacked with {@code dpkg-deb -x} (never installed on the host) into one directory
 * under {@code target/xen-host}. The directory is named after the SHA-256 of the {@code .deb} file names apt
 * would fetch (name, version, architecture), so a new Debian update makes a new cache and an unchanged one is
 * reused without downloading (apt's {@code --print-uris} answers from its lists).
 */
final class XenPackages {
    static final Path CACHE = Path.of("target/xen-host");
    /** What dom0 runs; the host's own libc, zlib, … fill the rest of what {@code ldd} lists (the host is Debian 12 too). */
    static final List<String> PACKAGES = List.of("xen-hypervisor-4.17-amd64", "xen-utils-4.17", "xen-utils-common",
            "libxencall1", "libxendevicemodel1", "libxenevtchn1", "libxenforeignmemory1", "libxengnttab1",
            "libxenhypfs1", "libxenmisc4.17", "libxenstore4", "libxentoolcore1", "libxentoollog1", "libyajl2",
            "dropbear-bin", "libtomcrypt1", "libtommath1", "busybox-static", "xenstore-utils",
            // HVM: the device model libxl starts (/usr/libexec/xen-qemu-system-i386), its option ROMs, SeaBIOS
            "qemu-system-xen", "qemu-system-data", "seabios");
    /** The generic kernel's metapackage: Debian's cloud kernel cannot be dom0. */
    static final String KERNEL_META = "linux-image-amd64";
    private static final Pattern KERNEL_DEPENDS = Pattern.compile("Depends:\\s*(linux-image-\\d\\S*-amd64)\\s*$",
            Pattern.MULTILINE);
    private static final Pattern URI_LINE = Pattern.compile("^'[^']+'\\s+(\\S+\\.deb)\\s", Pattern.MULTILINE);
    private static final String COMPLETE = "virtkit-packages.txt";

    private XenPackages() {
    }

    /** The unpacked packages (one root, as if installed), fetched first when this package set is not cached. */
    static synchronized Path root() throws IOException {
        List<String> packages;
        List<String> debs;
        try {
            packages = new ArrayList<>(PACKAGES);
            packages.add(genericKernel() + "-unsigned");
            debs = debFileNames(packages);
        } catch (XenHostUnavailableException e) {
            Path cached = newestCached(); // no apt lists and no mirror: what an earlier run fetched still serves
            if (cached != null) {
                return cached;
            }
            throw e;
        }
        List<String> key = new ArrayList<>(debs);
        key.addAll(NestedXenImages.keptModules()); // the kernel modules kept (see pruneModules)
        Path dir = CACHE.resolve("packages-" + digest(key).substring(0, 16));
        Path root = dir.resolve("root");
        if (Files.isRegularFile(root.resolve(COMPLETE))) {
            return root.toAbsolutePath();
        }
        long start = System.nanoTime();
        Path work = dir.resolve("download");
        Processes.deleteTree(dir);
        Files.createDirectories(work);
        Processes.run(work, Duration.ofMinutes(10), withPrefix(List.of("apt-get", "download"), packages));
        Path partial = dir.resolve("root.partial");
        Files.createDirectories(partial);
        for (String deb : debs) {
            Processes.run(work, Duration.ofMinutes(5), List.of("dpkg-deb", "-x", deb, partial.toAbsolutePath().toString()));
        }
        pruneModules(partial);
        Files.writeString(partial.resolve(COMPLETE), String.join("\n", debs) + "\n");
        Files.move(partial, root);
        Processes.deleteTree(work);
        System.err.printf("xen host packages fetched and unpacked in %d ms: %s%n",
                Duration.ofNanos(System.nanoTime() - start).toMillis(), dir);
        return root.toAbsolutePath();
    }

    /** Keeps of the kernel's 400 MB of modules only those dom0 and the test guest load. */
    private static void pruneModules(Path root) throws IOException {
        try (Stream<Path> releases = Files.list(root.resolve("lib/modules"))) {
            for (Path release : releases.toList()) {
                Path kernel = release.resolve("kernel");
                List<Path> drop;
                try (Stream<Path> files = Files.walk(kernel)) {
                    drop = files.filter(Files::isRegularFile).filter(f -> !NestedXenImages.keptModules().contains(
                            kernel.relativize(f).toString())).toList();
                }
                for (Path file : drop) {
                    Files.delete(file);
                }
            }
        }
    }

    /** {@code apt-cache depends linux-image-amd64} names the current signed image; its -unsigned twin is the same kernel. */
    private static String genericKernel() throws IOException {
        String depends = aptAnswer(List.of("apt-cache", "depends", KERNEL_META));
        Matcher m = KERNEL_DEPENDS.matcher(depends);
        if (!m.find()) {
            throw new XenHostUnavailableException("apt-cache depends " + KERNEL_META + " names no kernel image:\n"
                    + depends.strip());
        }
        return m.group(1);
    }

    /** The file names apt-get download would write ("xen-utils-4.17_4.17…_amd64.deb", %3a for an epoch's colon). */
    private static List<String> debFileNames(List<String> packages) throws IOException {
        String uris = aptAnswer(withPrefix(List.of("apt-get", "download", "--print-uris"), packages));
        List<String> names = new ArrayList<>();
        Matcher m = URI_LINE.matcher(uris);
        while (m.find()) {
            names.add(m.group(1));
        }
        if (names.size() != packages.size()) {
            throw new XenHostUnavailableException("apt-get download --print-uris named " + names.size() + " of "
                    + packages.size() + " packages:\n" + uris.strip());
        }
        return names.stream().sorted().toList();
    }

    /** Runs an apt query; a machine without package lists gets one {@code apt-get update} and a second try. */
    private static String aptAnswer(List<String> command) throws IOException {
        Processes.Result first = Processes.runAllowingFailure(null, Duration.ofMinutes(2), command);
        if (first.exitCode() == 0 && !first.output().isBlank()) {
            return first.output();
        }
        Processes.Result update = Processes.runAllowingFailure(null, Duration.ofMinutes(10), List.of("apt-get", "update"));
        if (update.exitCode() != 0) {
            throw new XenHostUnavailableException(String.join(" ", command) + " failed:\n" + first.output().strip()
                    + "\nand apt-get update failed too:\n" + update.output().strip());
        }
        return Processes.run(null, Duration.ofMinutes(2), command).output();
    }

    private static Path newestCached() throws IOException {
        if (!Files.isDirectory(CACHE)) {
            return null;
        }
        try (Stream<Path> dirs = Files.list(CACHE)) {
            return dirs.map(d -> d.resolve("root")).filter(r -> Files.isRegularFile(r.resolve(COMPLETE)))
                    .max(Comparator.comparing(r -> r.resolve(COMPLETE).toFile().lastModified()))
                    .map(Path::toAbsolutePath).orElse(null);
        }
    }

    private static List<String> withPrefix(List<String> prefix, List<String> rest) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(rest);
        return all;
    }

    static String digest(List<String> parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
