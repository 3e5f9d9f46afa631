package io.virtkit.qemu.internal.caps;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The UEFI firmware found on the host, from QEMU's firmware descriptors ({@code docs/interop/firmware.json}:
 * {@code /usr/share/qemu/firmware/*.json}, which Debian's ovmf package installs, overridden file by file from
 * {@code /etc/qemu/firmware}; an empty override hides a descriptor), as libvirt 9.0 reads them for the
 * domain capabilities' {@code <loader>}: the flash images for an architecture and machine type, and whether
 * one of them does Secure Boot. When no descriptor matches, the images libvirt's Debian build falls back to.
 */
final class FirmwareCatalog {

    /** libvirt's fallback list on Debian, used where they exist when no descriptor serves the machine. */
    static final List<String> FALLBACK = List.of("/usr/share/OVMF/OVMF_CODE.fd", "/usr/share/OVMF/OVMF_CODE.secboot.fd");

    /**
     * What serves one machine.
     *
     * @param images      the executable flash images, sorted
     * @param described   whether they come from descriptors (firmware='efi' can then be selected)
     * @param secureBoot  whether one of them does Secure Boot
     */
    record Firmware(List<String> images, boolean described, boolean secureBoot) {
    }

    private record Descriptor(String executable, List<String> interfaces, String device,
            Map<String, List<String>> machinesByArch, List<String> features) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Descriptor> descriptors;

    private FirmwareCatalog(List<Descriptor> descriptors) {
        this.descriptors = descriptors;
    }

    /** The descriptors of this host. */
    static FirmwareCatalog host() {
        return read(List.of(Path.of("/usr/share/qemu/firmware"), Path.of("/etc/qemu/firmware")));
    }

    /** The descriptors in {@code dirs}, a later directory's file replacing an earlier one's of the same name. */
    static FirmwareCatalog read(List<Path> dirs) {
        Map<String, Path> byName = new TreeMap<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
                files.forEach(f -> byName.put(f.getFileName().toString(), f));
            } catch (IOException e) {
                // an unreadable directory describes no firmware
            }
        }
        List<Descriptor> out = new ArrayList<>();
        for (Path file : byName.values()) {
            try {
                if (Files.size(file) == 0) {
                    continue; // an empty override hides the descriptor of that name
                }
                out.add(parse(JSON.readTree(file.toFile())));
            } catch (IOException | RuntimeException e) {
                // a broken descriptor describes no firmware, as libvirt skips it
            }
        }
        return new FirmwareCatalog(List.copyOf(out));
    }

    private static Descriptor parse(JsonNode d) {
        Map<String, List<String>> targets = new TreeMap<>();
        for (JsonNode t : d.path("targets")) {
            List<String> machines = new ArrayList<>();
            t.path("machines").forEach(m -> machines.add(m.asText()));
            targets.put(t.path("architecture").asText(), machines);
        }
        return new Descriptor(d.path("mapping").path("executable").path("filename").asText(null),
                texts(d.path("interface-types")), d.path("mapping").path("device").asText(""), targets,
                texts(d.path("features")));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The UEFI flash images for {@code qemuArch} ("x86_64", "i386") and the canonical {@code machine}. */
    Firmware forMachine(String qemuArch, String machine) {
        List<String> images = new ArrayList<>();
        boolean secure = false;
        for (Descriptor d : descriptors) {
            List<String> patterns = d.machinesByArch().get(qemuArch);
            if (d.executable() == null || !d.interfaces().contains("uefi") || !d.device().equals("flash")
                    || patterns == null || patterns.stream().noneMatch(p -> matches(p, machine))) {
                continue;
            }
            if (!images.contains(d.executable())) {
                images.add(d.executable());
            }
            secure |= d.features().contains("secure-boot");
        }
        if (images.isEmpty()) {
            return new Firmware(FALLBACK.stream().filter(f -> Files.exists(Path.of(f))).toList(), false, false);
        }
        images.sort(null);
        return new Firmware(List.copyOf(images), true, secure);
    }

    /** A descriptor's machine pattern is a shell glob ("pc-q35-*"). */
    private static boolean matches(String glob, String machine) {
        return FileSystems.getDefault().getPathMatcher("glob:" + glob).matches(Path.of(machine));
    }
}
