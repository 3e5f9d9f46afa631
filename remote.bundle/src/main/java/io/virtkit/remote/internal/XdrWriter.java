package io.virtkit.remote.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiConsumer;

/** Encodes RFC 4506 XDR: big-endian 4-byte units, opaque data padded to a multiple of four. */
final class XdrWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    XdrWriter writeInt(int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
        return this;
    }

    /** XDR unsigned int: the same four bytes, the caller keeps the value within 0..2^32-1. */
    XdrWriter writeUnsigned(long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("not an unsigned int: " + value);
        }
        return writeInt((int) value);
    }

    /** hyper and unsigned hyper share the encoding; Java's long carries both. */
    XdrWriter writeHyper(long value) {
        writeInt((int) (value >>> 32));
        return writeInt((int) value);
    }

    XdrWriter writeBool(boolean value) {
        return writeInt(value ? 1 : 0);
    }

    XdrWriter writeFixedOpaque(byte[] data, int length) {
        if (data.length != length) {
            throw new IllegalArgumentException("fixed opaque needs " + length + " bytes, got " + data.length);
        }
        out.write(data, 0, length);
        pad(length);
        return this;
    }

    XdrWriter writeOpaque(byte[] data) {
        writeInt(data.length);
        out.write(data, 0, data.length);
        pad(data.length);
        return this;
    }

    XdrWriter writeString(String value) {
        return writeOpaque(value.getBytes(StandardCharsets.UTF_8));
    }

    /** An optional string ({@code string *}): a bool "present" followed by the value. */
    XdrWriter writeOptionalString(String value) {
        writeBool(value != null);
        return value == null ? this : writeString(value);
    }

    /** A variable-length array: the count, then each element. */
    <T> XdrWriter writeArray(List<T> items, BiConsumer<XdrWriter, T> element) {
        writeInt(items.size());
        for (T item : items) {
            element.accept(this, item);
        }
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private void pad(int length) {
        for (int i = length; i % 4 != 0; i++) {
            out.write(0);
        }
    }
}
