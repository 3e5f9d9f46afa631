package io.virtkit.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * This host's UUID as libvirt's {@code virGetHostUUID} finds it, so every component of one host names it alike
 * (the QEMU driver's capabilities and migration cookie, the cluster's member record): the configured one; else the
 * SMBIOS system UUID when readable (root) and not a firmware dummy; else {@code /etc/machine-id} read as a UUID;
 * else a random one for the caller's life.
 */
public final class HostUuid {
    private static final Path SMBIOS = Path.of("/sys/class/dmi/id/product_uuid");
    private static final Path MACHINE_ID = Path.of("/etc/machine-id");

    private HostUuid() {
    }

    /**
     * @param configured the configured UUID, or null/blank for the host's own
     * @param domain     the error domain of a refusal of a configured UUID that is none
     */
    public static UUID of(String configured, ErrorDomain domain) {
        if (configured != null && !configured.isBlank()) {
            try {
                return UUID.fromString(configured.strip());
            } catch (IllegalArgumentException e) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, domain,
                        "host UUID '" + configured + "' is not valid");
            }
        }
        UUID smbios = parse(read(SMBIOS));
        if (smbios != null && !isDummy(smbios)) {
            return smbios;
        }
        UUID machine = parse(read(MACHINE_ID));
        return machine != null ? machine : UUID.randomUUID();
    }

    /** A UUID from its text with or without dashes (machine-id has none); null when it is none. */
    public static UUID parse(String text) {
        if (text == null) {
            return null;
        }
        String hex = text.strip().replace("-", "");
        if (!hex.matches("[0-9a-fA-F]{32}")) {
            return null;
        }
        return UUID.fromString(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).strip();
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /** Firmware that fills the SMBIOS UUID with one repeated digit gives every host the same one: unusable. */
    private static boolean isDummy(UUID uuid) {
        String hex = uuid.toString().replace("-", "");
        return hex.chars().distinct().count() <= 1;
    }
}
