package io.virtkit.xen.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * What QEMU boots for the nested Xen host, built from {@link XenPackages} and cached beside them (keyed by the
 * init scripts and this builder's {@link #LAYOUT}): Xen's ELF (gunzipped {@code xen-4.17-amd64.gz}, which QEMU's
 * {@code -kernel} loads by multiboot), the dom0 kernel, and the dom0 initramfs — busybox, the xl toolstack's
 * binaries with every library {@code ldd} lists plus {@code libgcc_s.so.1} (glibc loads it for thread
 * cancellation; without it {@code xl create} aborts), the xenstore client tools, HVM's device model (Debian's
 * {@code xen-qemu-system-i386}, where libxl looks for it) with {@code hvmloader}, SeaBIOS and QEMU's option ROMs,
 * the hotplug scripts of {@link Dom0HotplugScripts}, the Xen, loop and bridge modules, dropbear, and the tiny test
 * guest's kernel (the bzImage for HVM and its unpacked ELF for PV and PVH, {@link UncompressedKernel}) and initramfs
 * under {@code /var/lib/xen/guest}. The archives are written by GNU {@code cpio}
 * (newc, owned by root).
 *
 * @param xen          Xen's ELF image
 * @param kernel       the dom0 (and PV guest) kernel
 * @param dom0Initramfs the dom0 initramfs (gzip)
 */
record NestedXenImages(Path xen, Path kernel, Path dom0Initramfs) {
    /** Bump when the archive's layout changes in a way the init scripts' digest does not show. */
    static final String LAYOUT = "4";
    static final String XEN_BIN = "usr/lib/xen-4.17/bin";
    /** Toolstack programs dom0 runs: xl and its helpers, the xenstore and console daemons, dom0's xenstore setup. */
    static final List<String> TOOLSTACK = List.of("xl", "libxl-save-helper", "xenconsole", "xenstored", "xenconsoled",
            "xen-init-dom0");
    /** Modules dom0 insmods (the init script's order); e1000 is QEMU's NIC behind the SSH port forward. */
    static final Map<String, String> MODULES = moduleMap();
    /** Modules the test guest insmods: its PV disk and network frontends. */
    static final Map<String, String> GUEST_MODULES = Map.of("xen-blkfront", "drivers/block/xen-blkfront.ko",
            "xen-netfront", "drivers/net/xen-netfront.ko");
    /** The xenstore client (one program answering to the name it is called by) and the names Debian links to it. */
    static final List<String> XENSTORE_TOOLS = List.of("xenstore-chmod", "xenstore-exists", "xenstore-list",
            "xenstore-ls", "xenstore-read", "xenstore-rm", "xenstore-watch", "xenstore-write");
    /** HVM's device model, at the path Debian's libxl starts it from. */
    static final String DEVICE_MODEL = "usr/libexec/xen-qemu-system-i386";
    /**
     * What the device model and hvmloader load: SeaBIOS, the VGA BIOSes, the direct kernel boot option ROMs, the
     * boot ROMs of the emulated NICs libxl offers (rtl8139, its default, and e1000; the device model fails without).
     */
    static final List<String> HVM_FIRMWARE = List.of("usr/lib/xen-4.17/boot/hvmloader",
            "usr/share/seabios/bios-256k.bin", "usr/share/seabios/vgabios-cirrus.bin",
            "usr/share/seabios/vgabios-stdvga.bin", "usr/share/qemu/linuxboot_dma.bin", "usr/share/qemu/linuxboot.bin",
            "usr/lib/ipxe/qemu/efi-rtl8139.rom", "usr/lib/ipxe/qemu/efi-e1000.rom");
    private static final String KEYMAPS = "usr/share/qemu/keymaps";
    /** Where the PV guest's kernel and initramfs lie in dom0. */
    static final String GUEST_DIR = "/var/lib/xen/guest";
    /** The guest kernel's ELF beside its bzImage ({@code vmlinuz}): what PV and PVH guests boot. */
    static final String GUEST_KERNEL_ELF = "vmlinux";
    private static final Pattern LDD_LINE = Pattern.compile("^\\s*(\\S+)\\s+=>\\s+(/\\S+)", Pattern.MULTILINE);
    private static final Pattern LOADER = Pattern.compile("^\\s*(/lib64/ld-linux-x86-64\\.so\\.2)\\s", Pattern.MULTILINE);
    private static final List<Path> LIBGCC = List.of(Path.of("/lib/x86_64-linux-gnu/libgcc_s.so.1"),
            Path.of("/usr/lib/x86_64-linux-gnu/libgcc_s.so.1"));

    private static Map<String, String> moduleMap() {
        Map<String, String> modules = new LinkedHashMap<>();
        modules.put("xen-evtchn", "drivers/xen/xen-evtchn.ko");
        modules.put("xen-privcmd", "drivers/xen/xen-privcmd.ko");
        modules.put("xen-gntdev", "drivers/xen/xen-gntdev.ko");
        modules.put("xen-gntalloc", "drivers/xen/xen-gntalloc.ko");
        modules.put("xenfs", "drivers/xen/xenfs/xenfs.ko");
        modules.put("xen-blkback", "drivers/block/xen-blkback/xen-blkback.ko");
        modules.put("xen-netback", "drivers/net/xen-netback/xen-netback.ko");
        modules.put("e1000", "drivers/net/ethernet/intel/e1000/e1000.ko");
        modules.put("loop", "drivers/block/loop.ko"); // the block hotplug script's loop devices for image files
        modules.put("llc", "net/llc/llc.ko");
        modules.put("stp", "net/802/stp.ko");
        modules.put("bridge", "net/bridge/bridge.ko"); // xenbr0, the vifs' bridge
        modules.put("tun", "drivers/net/tun.ko"); // an HVM guest's emulated NIC is a tap of the device model
        return Collections.unmodifiableMap(modules);
    }

    /** The kernel modules (paths under the release's kernel/) dom0 and the test guest load. */
    static List<String> keptModules() {
        List<String> kept = new ArrayList<>(MODULES.values());
        GUEST_MODULES.values().stream().sorted().forEach(kept::add);
        return kept;
    }

    /** The images, built now when this package set, init scripts or layout have none yet. */
    static synchronized NestedXenImages prepare() throws IOException {
        Files.createDirectories(XenPackages.CACHE);
        // two test JVMs of one work tree (two Maven runs) must not fetch or build into the same directories at once
        try (FileChannel channel = FileChannel.open(XenPackages.CACHE.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
            return prepareLocked();
        }
    }

    private static NestedXenImages prepareLocked() throws IOException {
        Path root = XenPackages.root();
        String dom0Init = resource("dom0-init.sh");
        String guestInit = resource("guest-init.sh");
        List<String> key = new ArrayList<>(List.of(LAYOUT, dom0Init, guestInit));
        key.addAll(Dom0HotplugScripts.texts());
        Path dir = root.resolveSibling("images-" + XenPackages.digest(key).substring(0, 16));
        Path kernel = single(root.resolve("boot"), "vmlinuz-");
        NestedXenImages images = new NestedXenImages(dir.resolve("xen.elf"), kernel, dir.resolve("dom0.cpio.gz"));
        if (Files.isRegularFile(images.dom0Initramfs()) && Files.isRegularFile(images.xen())) {
            return images;
        }
        long start = System.nanoTime();
        Processes.deleteTree(dir);
        Path staging = dir.resolve("staging");
        Files.createDirectories(staging);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(root.resolve("boot/xen-4.17-amd64.gz")))) {
            Files.copy(in, dir.resolve("xen.elf.partial"));
        }
        Path guest = staging.resolve("guest");
        copy(root.resolve("bin/busybox"), guest.resolve("bin/busybox"));
        Path modules = single(root.resolve("lib/modules"), "");
        for (Map.Entry<String, String> module : GUEST_MODULES.entrySet()) {
            copy(modules.resolve("kernel").resolve(module.getValue()),
                    guest.resolve("lib/modules").resolve(module.getKey() + ".ko"));
        }
        script(guest.resolve("init"), guestInit);
        Path guestInitramfs = dir.resolve("guest.cpio.gz");
        archive(guest, guestInitramfs);

        Path dom0 = staging.resolve("dom0");
        copy(root.resolve("bin/busybox"), dom0.resolve("bin/busybox"));
        List<Path> programs = new ArrayList<>();
        for (String program : TOOLSTACK) {
            Path target = dom0.resolve(XEN_BIN).resolve(program);
            copy(root.resolve(XEN_BIN).resolve(program), target);
            link(dom0.resolve("usr/sbin").resolve(program), "/" + XEN_BIN + "/" + program);
            programs.add(target);
        }
        for (String program : List.of("usr/sbin/dropbear", "usr/bin/dropbearkey", "usr/bin/xenstore", DEVICE_MODEL)) {
            copy(root.resolve(program), dom0.resolve(program));
            programs.add(dom0.resolve(program));
        }
        for (String tool : XENSTORE_TOOLS) {
            link(dom0.resolve("usr/bin").resolve(tool), "xenstore"); // it acts by the name it was called by
        }
        for (String file : HVM_FIRMWARE) {
            copy(root.resolve(file), dom0.resolve(file));
        }
        try (Stream<Path> keymaps = Files.list(root.resolve(KEYMAPS))) { // the device model reads one even for -vnc none
            for (Path keymap : keymaps.toList()) {
                copy(keymap, dom0.resolve(KEYMAPS).resolve(keymap.getFileName().toString()));
            }
        }
        Dom0HotplugScripts.install(dom0);
        copyLibraries(root, programs, dom0);
        for (Map.Entry<String, String> module : MODULES.entrySet()) {
            copy(modules.resolve("kernel").resolve(module.getValue()),
                    dom0.resolve("lib/modules").resolve(module.getKey() + ".ko"));
        }
        copy(root.resolve("etc/xen/xl.conf"), dom0.resolve("etc/xen/xl.conf"));
        Files.writeString(dom0.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(dom0.resolve("etc/group"), "root:x:0:\n");
        Files.writeString(dom0.resolve("etc/shells"), "/bin/sh\n");
        Files.createDirectories(dom0.resolve("root"));
        copy(kernel, dom0.resolve(GUEST_DIR.substring(1)).resolve("vmlinuz"));
        UncompressedKernel.unpack(kernel, dom0.resolve(GUEST_DIR.substring(1)).resolve(GUEST_KERNEL_ELF));
        copy(guestInitramfs, dom0.resolve(GUEST_DIR.substring(1)).resolve("initrd"));
        script(dom0.resolve("init"), dom0Init);
        archive(dom0, dir.resolve("dom0.cpio.gz.partial"));
        Processes.deleteTree(staging);
        Files.move(dir.resolve("xen.elf.partial"), images.xen());
        Files.move(dir.resolve("dom0.cpio.gz.partial"), images.dom0Initramfs());
        System.err.printf("nested xen images built in %d ms: %s (%d KiB)%n",
                Duration.ofNanos(System.nanoTime() - start).toMillis(), dir, Files.size(images.dom0Initramfs()) / 1024);
        return images;
    }

    /** Every library ldd lists for the programs (resolved in the unpacked packages first), under the name asked for. */
    private static void copyLibraries(Path root, List<Path> programs, Path dom0) throws IOException {
        Path packageLibs = root.resolve("usr/lib/x86_64-linux-gnu");
        Map<String, Path> libraries = new LinkedHashMap<>();
        String loader = null;
        for (Path program : programs) {
            String out = lddWithLibraryPath(List.of("ldd", program.toString()), packageLibs);
            Matcher m = LDD_LINE.matcher(out);
            while (m.find()) {
                libraries.putIfAbsent(m.group(1), Path.of(m.group(2)));
            }
            Matcher l = LOADER.matcher(out);
            if (l.find()) {
                loader = l.group(1);
            }
            if (out.contains("not found")) {
                throw new IOException("ldd " + program + " finds not every library:\n" + out);
            }
        }
        if (loader == null) {
            throw new IOException("ldd named no /lib64/ld-linux-x86-64.so.2 for " + programs);
        }
        for (Map.Entry<String, Path> library : libraries.entrySet()) {
            copy(library.getValue(), dom0.resolve("lib/x86_64-linux-gnu").resolve(library.getKey()));
        }
        copy(Path.of(loader), dom0.resolve(loader.substring(1)));
        Path libgcc = LIBGCC.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() ->
                new XenHostUnavailableException("no libgcc_s.so.1 on the host (package libgcc-s1) in " + LIBGCC));
        copy(libgcc, dom0.resolve("lib/x86_64-linux-gnu/libgcc_s.so.1"));
    }

    private static String lddWithLibraryPath(List<String> command, Path libraryPath) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("LD_LIBRARY_PATH", libraryPath.toString());
        pb.environment().put("LC_ALL", "C");
        Process ldd = pb.start();
        try (InputStream in = ldd.getInputStream()) {
            String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (ldd.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed:\n" + out);
            }
            return out;
        } catch (InterruptedException e) {
            ldd.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running ldd", e);
        }
    }

    /** A newc cpio archive of the tree (GNU cpio, everything owned by root), gzipped. */
    private static void archive(Path tree, Path gzipped) throws IOException {
        Path list = tree.resolveSibling(tree.getFileName() + ".list");
        try (Stream<Path> paths = Files.walk(tree)) {
            Files.write(list, paths.filter(p -> !p.equals(tree)).map(p -> tree.relativize(p).toString()).toList());
        }
        Path cpio = tree.resolveSibling(tree.getFileName() + ".cpio");
        ProcessBuilder pb = new ProcessBuilder("cpio", "--quiet", "-o", "-H", "newc", "-R", "0:0",
                "-O", cpio.toAbsolutePath().toString()).directory(tree.toFile()).redirectErrorStream(true)
                .redirectInput(list.toFile());
        Process process = pb.start();
        try (InputStream in = process.getInputStream()) {
            String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IOException("cpio of " + tree + " failed:\n" + out);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running cpio", e);
        }
        try (InputStream in = Files.newInputStream(cpio); OutputStream out = new GZIPOutputStream(
                Files.newOutputStream(gzipped), 1 << 16) {
                    {
                        def.setLevel(Deflater.BEST_SPEED); // the kernels inside are compressed already
                    }
                }) {
            in.transferTo(out);
        }
        Files.delete(cpio);
        Files.delete(list);
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING); // follows links: the file itself under the link's name
        Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
    }

    private static void link(Path link, String target) throws IOException {
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, Path.of(target));
    }

    static void script(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static Path single(Path dir, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> matches = files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
            if (matches.size() != 1) {
                throw new IOException("expected one " + prefix + "* in " + dir + ", found " + matches);
            }
            return matches.get(0);
        }
    }

    static String resource(String name) throws IOException {
        try (InputStream in = NestedXenImages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no resource " + name + " beside " + NestedXenImages.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
