package io.virtkit.qemu.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's unsigned cloud kernel, fetched with {@code apt-get download} and unpacked with {@code dpkg-deb -x}
 * into a cache directory shared by every run (and every JVM: a file lock guards the download), so only the
 * first run on a machine pays for it.
 *
 * @param packageName e.g. {@code linux-image-6.1.0-56-cloud-amd64-unsigned}
 * @param version     the Debian package version, e.g. {@code 6.1.192-2}
 * @param root        the unpacked package
 * @param vmlinuz     {@code root/boot/vmlinuz-*}
 * @param config      {@code root/boot/config-*}
 * @param moduleRoot  {@code root/lib/modules/<release>}
 */
record DebianKernelPackage(String packageName, String version, Path root, Path vmlinuz, Path config, Path moduleRoot) {

    /** The metapackage that always depends on the current cloud kernel ABI. */
    static final String META_PACKAGE = "linux-image-cloud-amd64";
    private static final Pattern DEPENDS = Pattern.compile("Depends:\\s*(linux-image-\\S+-cloud-amd64)\\s*$",
            Pattern.MULTILINE);
    private static final Pattern UNSIGNED = Pattern.compile("^(linux-image-\\d\\S*-cloud-amd64-unsigned)\\s",
            Pattern.MULTILINE);
    private static final String INFO_FILE = "virtkit-package.properties";

    /** Host tools, replaceable so tests can prove the error paths. */
    record Tools(String aptCache, String aptGet, String dpkgDeb) {
        static final Tools DEFAULT = new Tools("apt-cache", "apt-get", "dpkg-deb");
    }

    /**
     * Returns the cached kernel package, downloading it first if needed.
     *
     * @param packageName the package to use, or {@code null} to pick the current cloud kernel
     */
    static DebianKernelPackage fetch(Path cacheDir, String packageName, Tools tools) throws IOException {
        Files.createDirectories(cacheDir);
        String name;
        try {
            name = packageName != null ? packageName : currentCloudKernel(tools);
        } catch (GuestUnavailableException e) {
            // no apt metadata (or no apt at all): a kernel cached earlier still lets the suite run offline
            DebianKernelPackage cached = newestCached(cacheDir);
            if (cached != null) {
                return cached;
            }
            throw e;
        }
        Path target = cacheDir.resolve(name);
        if (Files.isRegularFile(target.resolve(INFO_FILE))) {
            return load(target);
        }
        try (FileChannel lockChannel = FileChannel.open(cacheDir.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = lockChannel.lock()) {
            if (Files.isRegularFile(target.resolve(INFO_FILE))) {
                return load(target); // another JVM fetched it while we waited
            }
            Path work = Files.createTempDirectory(cacheDir, ".fetch-");
            try {
                download(name, work, tools);
                Path deb;
                try (Stream<Path> files = Files.list(work)) {
                    deb = files.filter(p -> p.getFileName().toString().endsWith(".deb")).findFirst()
                            .orElseThrow(() -> new GuestUnavailableException(
                                    "apt-get download " + name + " produced no .deb in " + work));
                }
                String version = versionOf(deb.getFileName().toString(), name);
                Path unpacked = work.resolve("root");
                Files.createDirectories(unpacked);
                run(List.of(tools.dpkgDeb(), "-x", deb.toString(), unpacked.toString()), work,
                        Duration.ofMinutes(5), "dpkg-deb (apt package dpkg)");
                Files.delete(deb);
                Properties info = new Properties();
                info.setProperty("package", name);
                info.setProperty("version", version);
                try (var out = Files.newOutputStream(unpacked.resolve(INFO_FILE))) {
                    info.store(out, "fetched by io.virtkit.qemu.testing.TinyLinuxGuest");
                }
                try {
                    Files.move(unpacked, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(unpacked, target);
                }
            } finally {
                deleteTree(work);
            }
            return load(target);
        }
    }

    /** {@code apt-cache depends linux-image-cloud-amd64} names the signed image; its -unsigned twin has the same kernel. */
    static String currentCloudKernel(Tools tools) throws IOException {
        String depends = run(List.of(tools.aptCache(), "depends", META_PACKAGE), null, Duration.ofMinutes(1),
                "apt-cache (apt package apt)").output();
        Matcher m = DEPENDS.matcher(depends);
        if (m.find()) {
            return m.group(1) + "-unsigned";
        }
        // no metapackage (e.g. a partial mirror): take the newest unsigned cloud image apt knows
        String search = run(List.of(tools.aptCache(), "search", "--names-only", "^linux-image-.*-cloud-amd64-unsigned$"),
                null, Duration.ofMinutes(1), "apt-cache (apt package apt)").output();
        List<String> names = new ArrayList<>();
        Matcher s = UNSIGNED.matcher(search);
        while (s.find()) {
            names.add(s.group(1));
        }
        return names.stream().max(Comparator.comparing(DebianKernelPackage::abiKey)).orElseThrow(() ->
                new GuestUnavailableException("apt knows no Debian cloud kernel (" + META_PACKAGE + " or "
                        + "linux-image-*-cloud-amd64-unsigned); add a Debian 'main' source and run apt-get update"));
    }

    /** Orders "linux-image-6.1.0-56-…" by its numeric ABI parts, so -56 beats -9. */
    private static String abiKey(String name) {
        Matcher m = Pattern.compile("\\d+").matcher(name);
        StringBuilder key = new StringBuilder();
        while (m.find()) {
            key.append(String.format("%010d", Long.parseLong(m.group())));
        }
        return key.toString();
    }

    private static void download(String name, Path work, Tools tools) throws IOException {
        ProcessResult first = runAllowingFailure(List.of(tools.aptGet(), "download", name), work,
                Duration.ofMinutes(10), "apt-get (apt package apt)");
        if (first.exitCode() == 0) {
            return;
        }
        // a fresh container often has no package lists yet: refresh them once, then retry
        if (first.output().contains("Unable to locate package") || first.output().contains("no installation candidate")
                || first.output().contains("404") || first.output().contains("Failed to fetch")) {
            ProcessResult update = runAllowingFailure(List.of(tools.aptGet(), "update"), work, Duration.ofMinutes(10),
                    "apt-get (apt package apt)");
            if (update.exitCode() == 0) {
                ProcessResult second = runAllowingFailure(List.of(tools.aptGet(), "download", name), work,
                        Duration.ofMinutes(10), "apt-get (apt package apt)");
                if (second.exitCode() == 0) {
                    return;
                }
                throw new GuestUnavailableException("apt-get download " + name + " failed even after apt-get update:\n"
                        + second.output().strip());
            }
            throw new GuestUnavailableException("apt-get download " + name + " failed:\n" + first.output().strip()
                    + "\nand apt-get update failed too:\n" + update.output().strip());
        }
        throw new GuestUnavailableException("apt-get download " + name + " failed (needs access to a Debian "
                + "package mirror):\n" + first.output().strip());
    }

    /** "linux-image-…-unsigned_6.1.192-2_amd64.deb" → "6.1.192-2" (apt writes an epoch's ':' as %3a). */
    static String versionOf(String debFileName, String packageName) {
        String rest = debFileName.startsWith(packageName + "_")
                ? debFileName.substring(packageName.length() + 1) : debFileName;
        int underscore = rest.lastIndexOf('_');
        return (underscore > 0 ? rest.substring(0, underscore) : rest).replace("%3a", ":");
    }

    private static DebianKernelPackage newestCached(Path cacheDir) throws IOException {
        try (Stream<Path> dirs = Files.list(cacheDir)) {
            Path newest = dirs.filter(d -> Files.isRegularFile(d.resolve(INFO_FILE)))
                    .max(Comparator.comparing(d -> abiKey(d.getFileName().toString()))).orElse(null);
            return newest == null ? null : load(newest);
        }
    }

    private static DebianKernelPackage load(Path root) throws IOException {
        Properties info = new Properties();
        try (InputStream in = Files.newInputStream(root.resolve(INFO_FILE))) {
            info.load(in);
        }
        Path boot = root.resolve("boot");
        Path vmlinuz = single(boot, "vmlinuz-");
        String release = vmlinuz.getFileName().toString().substring("vmlinuz-".length());
        Path config = boot.resolve("config-" + release);
        Path modules = root.resolve("lib/modules").resolve(release);
        if (!Files.isRegularFile(config) || !Files.isDirectory(modules)) {
            throw new GuestUnavailableException("kernel package in " + root + " lacks " + config + " or " + modules
                    + "; delete that directory to fetch it again");
        }
        return new DebianKernelPackage(info.getProperty("package"), info.getProperty("version"), root, vmlinuz,
                config, modules);
    }

    private static Path single(Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new GuestUnavailableException("no " + dir + " in the unpacked kernel package");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> matches = files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
            if (matches.size() != 1) {
                throw new GuestUnavailableException("expected exactly one " + prefix + "* in " + dir + ", found "
                        + matches);
            }
            return matches.get(0);
        }
    }

    record ProcessResult(int exitCode, String output) {
    }

    static ProcessResult run(List<String> command, Path dir, Duration timeout, String tool) throws IOException {
        ProcessResult result = runAllowingFailure(command, dir, timeout, tool);
        if (result.exitCode() != 0) {
            throw new GuestUnavailableException(String.join(" ", command) + " failed (exit " + result.exitCode()
                    + "):\n" + result.output().strip());
        }
        return result;
    }

    static ProcessResult runAllowingFailure(List<String> command, Path dir, Duration timeout, String tool)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().put("LC_ALL", "C"); // the messages above are matched in English
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new GuestUnavailableException("cannot run '" + command.get(0) + "': " + e.getMessage()
                    + " — the test guest needs " + tool + " (a Debian/Ubuntu host)", e);
        }
        // drain on another thread so a chatty tool can never block on a full pipe while we wait
        var output = new java.util.concurrent.CompletableFuture<String>();
        Thread drainer = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                output.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.completeExceptionally(e);
            }
        }, "guest-tool-output");
        drainer.setDaemon(true);
        drainer.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new GuestUnavailableException(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new ProcessResult(p.exitValue(), output.get(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new GuestUnavailableException("interrupted while running " + command.get(0), e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new GuestUnavailableException("cannot read the output of " + command.get(0), e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
