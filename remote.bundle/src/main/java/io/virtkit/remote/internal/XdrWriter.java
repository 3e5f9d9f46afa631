package io.virtkit.remote.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Encodes RFC 4506 XDR: big-endian 4-byte units, opaque data padded to a multiple of four. A plain growable
 * array: every reply is built here, and a synchronized stream would lock per byte.
 */
public final class XdrWriter {
    private byte[] buf = new byte[256];
    private int size;

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    public XdrWriter writeInt(int value) {
        ensure(4);
        buf[size] = (byte) (value >>> 24);
        buf[size + 1] = (byte) (value >>> 16);
        buf[size + 2] = (byte) (value >>> 8);
        buf[size + 3] = (byte) value;
        size += 4;
        return this;
    }

    /** XDR unsigned int: the same four bytes, the caller keeps the value within 0..2^32-1. */
    public XdrWriter writeUnsigned(long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("not an unsigned int: " + value);
        }
        return writeInt((int) value);
    }

    /** hyper and unsigned hyper share the encoding; Java's long carries both. */
    public XdrWriter writeHyper(long value) {
        writeInt((int) (value >>> 32));
        return writeInt((int) value);
    }

    public XdrWriter writeBool(boolean value) {
        return writeInt(value ? 1 : 0);
    }

    public XdrWriter writeFixedOpaque(byte[] data, int length) {
        if (data.length != length) {
            throw new IllegalArgumentException("fixed opaque needs " + length + " bytes, got " + data.length);
        }
        writeBytes(data, length);
        return this;
    }

    public XdrWriter writeOpaque(byte[] data) {
        writeInt(data.length);
        writeBytes(data, data.length);
        return this;
    }

    /** {@code length} bytes, then zeros up to the next multiple of four (the array starts zeroed). */
    private void writeBytes(byte[] data, int length) {
        int padded = (length + 3) & ~3;
        ensure(padded);
        System.arraycopy(data, 0, buf, size, length);
        Arrays.fill(buf, size + length, size + padded, (byte) 0);
        size += padded;
    }

    public XdrWriter writeString(String value) {
        return writeOpaque(value.getBytes(StandardCharsets.UTF_8));
    }

    /** An optional string ({@code string *}): a bool "present" followed by the value. */
    public XdrWriter writeOptionalString(String value) {
        writeBool(value != null);
        return value == null ? this : writeString(value);
    }

    /** A variable-length array: the count, then each element. */
    public <T> XdrWriter writeArray(List<T> items, BiConsumer<XdrWriter, T> element) {
        writeInt(items.size());
        for (T item : items) {
            element.accept(this, item);
        }
        return this;
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
