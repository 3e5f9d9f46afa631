package io.virtkit.qemu.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * The machine types of each emulator binary, from {@code -machine help} (libvirt's machine list in its QEMU
 * capabilities), and the define-time fix of a domain's machine type (libvirt's post-parse): an alias such as
 * {@code pc} becomes the versioned machine it stands for in this QEMU, so a QEMU upgrade, which moves the
 * alias, cannot change the guest's hardware. The list is kept per binary path and modification time, so an
 * upgraded binary is asked again.
 */
final class QemuMachines {

    /**
     * One binary's machine types.
     *
     * @param names          every machine type it knows, aliases included
     * @param aliases        alias to the machine it stands for
     * @param defaultMachine the one QEMU runs without {@code -machine}, resolved through its alias, or null
     */
    record Machines(Set<String> names, Map<String, String> aliases, String defaultMachine) {

        /** {@code machine} with its alias resolved; null when this binary does not know it. */
        String canonical(String machine) {
            if (!names.contains(machine)) {
                return null;
            }
            return aliases.getOrDefault(machine, machine);
        }
    }

    private record Key(String emulator, FileTime modified) {
    }

    private final Map<Key, Machines> cache = new ConcurrentHashMap<>();

    /**
     * {@code machine} as the domain keeps it: the versioned machine for an alias, the default for none.
     * When the binary cannot be asked (it is missing, or not a QEMU), the machine is kept as given: the
     * start reports the binary's problem in libvirt's words.
     *
     * @throws VirtException CONFIG_UNSUPPORTED for a machine type the binary does not have
     */
    String canonical(String emulator, String machine) {
        Machines machines = of(emulator);
        if (machines == null) {
            return machine;
        }
        if (machine == null) {
            return machines.defaultMachine();
        }
        String canonical = machines.canonical(machine);
        if (canonical == null) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU,
                    "Emulator '" + emulator + "' does not support machine type '" + machine + "'");
        }
        return canonical;
    }

    /** The machine types of {@code emulator}, asked once per binary version; null when it cannot be run. */
    Machines of(String emulator) {
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(Path.of(emulator));
        } catch (IOException | RuntimeException e) {
            return null;
        }
        Key key = new Key(emulator, modified);
        Machines known = cache.get(key);
        if (known != null) {
            return known;
        }
        // Run outside any lock: two first callers at once both ask, and both get the same answer.
        Machines asked = ask(emulator);
        if (asked != null) {
            cache.keySet().removeIf(k -> k.emulator().equals(emulator)); // an older version of the binary
            cache.put(key, asked);
        }
        return asked;
    }

    private static Machines ask(String emulator) {
        try {
            Process p = new ProcessBuilder(emulator, "-machine", "help").redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            Machines m = parse(out);
            return p.exitValue() == 0 && !m.names().isEmpty() ? m : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Reads {@code -machine help}: after "Supported machines are:", a line per machine, its name, then its
     * description, which may end in "(alias of NAME)" and/or "(default)".
     */
    static Machines parse(String help) {
        Set<String> names = new LinkedHashSet<>();
        Map<String, String> aliases = new HashMap<>();
        String defaultMachine = null;
        boolean inList = false;
        for (String line : help.lines().toList()) {
            if (line.startsWith("Supported machines are:")) {
                inList = true;
                continue;
            }
            if (!inList || line.isBlank()) {
                continue;
            }
            String[] parts = line.strip().split("\\s+", 2);
            String name = parts[0];
            String description = parts.length > 1 ? parts[1] : "";
            names.add(name);
            int alias = description.indexOf("(alias of ");
            if (alias >= 0) {
                int end = description.indexOf(')', alias);
                if (end > alias) {
                    aliases.put(name, description.substring(alias + "(alias of ".length(), end).strip());
                }
            }
            if (description.contains("(default)")) {
                defaultMachine = name;
            }
        }
        if (defaultMachine != null) {
            defaultMachine = aliases.getOrDefault(defaultMachine, defaultMachine);
        }
        return new Machines(Set.copyOf(names), Map.copyOf(aliases), defaultMachine);
    }
}
