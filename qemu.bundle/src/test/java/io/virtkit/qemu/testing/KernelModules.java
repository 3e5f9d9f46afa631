package io.virtkit.qemu.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The loadable modules of an extracted kernel package. Debian's .deb ships no modules.dep (depmod makes it
 * at install time), so dependencies are read from each module's own {@code .modinfo} "depends=" record.
 */
final class KernelModules {

    private static final byte[] DEPENDS = "depends=".getBytes(StandardCharsets.US_ASCII);

    private final Map<String, Path> byName;

    private KernelModules(Map<String, Path> byName) {
        this.byName = byName;
    }

    /** Indexes every {@code .ko}, {@code .ko.xz} and {@code .ko.zst} under {@code moduleRoot}. */
    static KernelModules index(Path moduleRoot) throws IOException {
        Map<String, Path> byName = new HashMap<>();
        try (Stream<Path> files = Files.walk(moduleRoot)) {
            files.filter(Files::isRegularFile).forEach(p -> {
                String file = p.getFileName().toString();
                int ko = file.indexOf(".ko");
                if (ko > 0 && (file.endsWith(".ko") || file.endsWith(".ko.xz") || file.endsWith(".ko.zst"))) {
                    byName.putIfAbsent(canonical(file.substring(0, ko)), p);
                }
            });
        }
        return new KernelModules(byName);
    }

    /** Module names are interchangeable with '-' and '_' (the kernel treats them alike). */
    static String canonical(String moduleName) {
        return moduleName.replace('-', '_');
    }

    /**
     * The given modules and everything they depend on, dependencies first (the order insmod needs).
     *
     * @throws GuestUnavailableException if a module or one of its dependencies is not in the package
     */
    List<Module> closure(List<String> names) throws IOException {
        LinkedHashSet<String> ordered = new LinkedHashSet<>();
        for (String name : names) {
            visit(canonical(name), ordered, new LinkedHashSet<>());
        }
        List<Module> modules = new ArrayList<>();
        for (String name : ordered) {
            modules.add(new Module(name, byName.get(name)));
        }
        return modules;
    }

    private void visit(String name, Set<String> ordered, Set<String> path) throws IOException {
        if (ordered.contains(name)) {
            return;
        }
        if (!path.add(name)) {
            throw new GuestUnavailableException("kernel module dependency cycle: " + path + " -> " + name);
        }
        Path file = byName.get(name);
        if (file == null) {
            throw new GuestUnavailableException("kernel module '" + name + "' is not in the kernel package ("
                    + byName.size() + " modules indexed)");
        }
        for (String dependency : dependsOf(readModule(file))) {
            visit(canonical(dependency), ordered, path);
        }
        path.remove(name);
        ordered.add(name);
    }

    /** Reads the NUL-separated "depends=a,b" record out of a module's .modinfo section. */
    static List<String> dependsOf(byte[] module) {
        outer:
        for (int i = 0; i + DEPENDS.length <= module.length; i++) {
            // a .modinfo record starts right after a NUL
            if (i > 0 && module[i - 1] != 0) {
                continue;
            }
            for (int j = 0; j < DEPENDS.length; j++) {
                if (module[i + j] != DEPENDS[j]) {
                    continue outer;
                }
            }
            int end = i + DEPENDS.length;
            while (end < module.length && module[end] != 0) {
                end++;
            }
            String value = new String(module, i + DEPENDS.length, end - i - DEPENDS.length, StandardCharsets.US_ASCII);
            List<String> deps = new ArrayList<>();
            for (String d : value.split(",")) {
                if (!d.isBlank()) {
                    deps.add(d.trim());
                }
            }
            return deps;
        }
        return List.of();
    }

    /** The module's ELF bytes, decompressing .xz/.zst with the xz/zstd tools (insmod in busybox cannot). */
    static byte[] readModule(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (name.endsWith(".ko")) {
            return Files.readAllBytes(file);
        }
        List<String> command = name.endsWith(".xz") ? List.of("xz", "-dc", file.toString())
                : List.of("zstd", "-dcq", file.toString());
        Process p;
        try {
            p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new GuestUnavailableException("cannot decompress kernel module " + file + ": '" + command.get(0)
                    + "' is not installed (apt package " + (command.get(0).equals("xz") ? "xz-utils" : "zstd") + ")", e);
        }
        byte[] bytes;
        try (InputStream in = p.getInputStream()) {
            bytes = in.readAllBytes();
        }
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new GuestUnavailableException("decompressing kernel module " + file + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new GuestUnavailableException("interrupted while decompressing " + file, e);
        }
        return bytes;
    }

    /** One module to load: its canonical name and where it lies in the extracted package. */
    record Module(String name, Path file) {
    }
}
