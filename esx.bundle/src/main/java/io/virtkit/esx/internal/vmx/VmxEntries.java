package io.virtkit.esx.internal.vmx;

import java.util.UUID;

/**
 * Typed reads of a {@link VmxFile}'s entries with libvirt's rules and words: a missing essential entry, a
 * number or boolean that is not one, an unparsable UUID.
 */
final class VmxEntries {
    private final VmxFile file;

    VmxEntries(VmxFile file) {
        this.file = file;
    }

    /** The raw value, or {@code null} when absent and optional. */
    String string(String key, boolean optional) {
        String value = file.get(key);
        if (value == null && !optional) {
            throw VmxErrors.internal("Missing essential config entry '" + key + "'");
        }
        return value;
    }

    /** A number; {@code unlimited} reads as -1 as in libvirt. */
    long number(String key, long fallback, boolean optional) {
        String value = string(key, optional);
        if (value == null) {
            return fallback;
        }
        if (value.equalsIgnoreCase("unlimited")) {
            return -1;
        }
        try {
            return Long.parseLong(value.strip().startsWith("+") ? value.strip().substring(1) : value.strip());
        } catch (NumberFormatException e) {
            throw VmxErrors.internal("Config entry '" + key + "' must represent an integer value");
        }
    }

    /** {@code true} or {@code false} in any case. */
    boolean bool(String key, boolean fallback) {
        String value = string(key, true);
        if (value == null) {
            return fallback;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw VmxErrors.internal("Config entry '" + key + "' must represent a boolean value (true|false)");
    }

    /** A UUID written with or without spaces and dashes ({@code 56 4d … 4d-5e …}), or {@code null} when absent. */
    UUID uuid(String key) {
        String value = string(key, true);
        if (value == null) {
            return null;
        }
        UUID parsed = parseUuid(value);
        if (parsed == null) {
            throw VmxErrors.internal("Could not parse UUID from string '" + value + "'");
        }
        return parsed;
    }

    /** libvirt's UUID reading: 32 hex digits, spaces and dashes (VMware writes both) ignored; null if not one. */
    static UUID parseUuid(String value) {
        String hex = value.replace(" ", "").replace("-", "");
        if (hex.length() != 32 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return null;
        }
        return new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16), Long.parseUnsignedLong(hex.substring(16), 16));
    }

    /**
     * Whether the device with these keys ({@code prefix} ends with a dot) is present; its {@code startConnected}
     * is read for its type only, as libvirt does not yet tell active from inactive domains here.
     */
    boolean present(String prefix) {
        boolean present = bool(prefix + "present", false);
        bool(prefix + "startConnected", true);
        return present;
    }
}
