package io.virtkit.xen.internal.xl;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Typed reads of an {@link XlConfig} with libvirt's rules (xenConfigGetBool, xenConfigGetULong,
 * xenConfigGetString, xenConfigGetUUID): defaults for absent keys, numbers given as numbers or strings, a string
 * where a list is not expected, and libvirt's errors otherwise. Numbers stand for their text where a string is
 * wanted (libxl keeps both as text).
 */
final class XlEntries {
    private final XlConfig config;

    XlEntries(XlConfig config) {
        this.config = config;
    }

    boolean has(String key) {
        return config.get(key) != null;
    }

    /** A number read as a boolean: non-zero; a string: {@code "1"}. */
    boolean bool(String key, boolean def) {
        Boolean value = boolOrNull(key);
        return value == null ? def : value;
    }

    /** A boolean, {@code null} when absent. */
    Boolean boolOrNull(String key) {
        XlValue value = config.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof XlValue.Atom atom)) {
            throw XlErrors.malformed(key);
        }
        if (atom.quoted()) {
            return atom.text().equals("1");
        }
        return parseNumber(key, atom.text()) != 0;
    }

    /** An unsigned number. */
    long ulong(String key, long def) {
        XlValue value = config.get(key);
        if (value == null) {
            return def;
        }
        if (!(value instanceof XlValue.Atom atom)) {
            throw XlErrors.malformed(key);
        }
        if (atom.quoted()) {
            try {
                return Long.parseUnsignedLong(atom.text().strip());
            } catch (NumberFormatException e) {
                throw XlErrors.malformed(key);
            }
        }
        return parseNumber(key, atom.text());
    }

    /** A bare number as libxl reads it: decimal, or hexadecimal after {@code 0x}. */
    private static long parseNumber(String key, String text) {
        try {
            if (text.startsWith("0x") || text.startsWith("0X")) {
                return Long.parseUnsignedLong(text.substring(2), 16);
            }
            return Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            throw XlErrors.malformed(key);
        }
    }

    /** A string, {@code def} when absent. */
    String string(String key, String def) {
        XlValue value = config.get(key);
        if (value == null) {
            return def;
        }
        if (!(value instanceof XlValue.Atom atom)) {
            throw XlErrors.internal("expected a string for '" + key + "' parameter");
        }
        return atom.text();
    }

    /** A string that must be present (xenConfigCopyString). */
    String required(String key) {
        String value = string(key, null);
        if (value == null) {
            throw XlErrors.internal("config value " + key + " was missing");
        }
        return value;
    }

    /** The strings of a list, or of a single string given instead; {@code null} when absent. */
    List<String> strings(String key) {
        XlValue value = config.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof XlValue.Atom atom) {
            return List.of(atom.text());
        }
        List<String> out = new ArrayList<>();
        for (XlValue item : ((XlValue.XlList) value).items()) {
            if (item instanceof XlValue.Atom atom) {
                out.add(atom.text()); // libvirt skips what is not a string
            }
        }
        return out;
    }

    /** The strings of a list; {@code null} when absent or not a list. */
    List<String> list(String key) {
        return config.get(key) instanceof XlValue.XlList ? strings(key) : null;
    }

    /** The UUID, or a random one when absent (as libvirt generates one). */
    UUID uuid(String key) {
        String text = string(key, null);
        if (text == null) {
            return UUID.randomUUID();
        }
        if (text.isEmpty()) {
            throw XlErrors.syntax(key + " can't be empty");
        }
        UUID uuid = parseUuid(text);
        if (uuid == null) {
            throw XlErrors.syntax(text + " not parseable");
        }
        return uuid;
    }

    /** libvirt's UUID reading: 32 hex digits, dashes anywhere between pairs ignored. */
    static UUID parseUuid(String text) {
        String trimmed = text.strip();
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c == '-') {
                continue;
            }
            if (Character.digit(c, 16) < 0 || hex.length() == 32) {
                return null;
            }
            hex.append(c);
        }
        if (hex.length() != 32) {
            return null;
        }
        return new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16),
                Long.parseUnsignedLong(hex.substring(16), 16));
    }
}
