package io.virtkit.remote.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Decodes RFC 4506 XDR from a byte array. Every read checks the remaining length first, so a lying
 * length prefix gives an {@link XdrException} instead of a huge allocation.
 */
public final class XdrReader {
    private final ByteBuffer buf;

    public XdrReader(byte[] data) {
        this(data, 0, data.length);
    }

    public XdrReader(byte[] data, int offset, int length) {
        this.buf = ByteBuffer.wrap(data, offset, length);
    }

    public int readInt() {
        need(4);
        return buf.getInt();
    }

    public long readUnsigned() {
        return Integer.toUnsignedLong(readInt());
    }

    public long readHyper() {
        need(8);
        return buf.getLong();
    }

    public boolean readBool() {
        int v = readInt();
        if (v != 0 && v != 1) {
            throw new XdrException("bad XDR bool " + v);
        }
        return v == 1;
    }

    public byte[] readFixedOpaque(int length) {
        need(padded(length));
        byte[] data = new byte[length];
        buf.get(data);
        skipPadding(length);
        return data;
    }

    public byte[] readOpaque(int max) {
        int length = readInt();
        if (length < 0 || length > max) {
            throw new XdrException("XDR opaque length " + Integer.toUnsignedString(length) + " exceeds " + max);
        }
        return readFixedOpaque(length);
    }

    public String readString(int max) {
        byte[] bytes = readOpaque(max);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new XdrException("XDR string is not UTF-8");
        }
    }

    public String readOptionalString(int max) {
        return readBool() ? readString(max) : null;
    }

    public <T> List<T> readArray(int max, Function<XdrReader, T> element) {
        int count = readInt();
        if (count < 0 || count > max) {
            throw new XdrException("XDR array length " + Integer.toUnsignedString(count) + " exceeds " + max);
        }
        List<T> items = new ArrayList<>(Math.min(count, 64));
        for (int i = 0; i < count; i++) {
            items.add(element.apply(this));
        }
        return items;
    }

    public int remaining() {
        return buf.remaining();
    }

    private void need(int bytes) {
        if (buf.remaining() < bytes) {
            throw new XdrException("truncated XDR data: need " + bytes + " bytes, have " + buf.remaining());
        }
    }

    private void skipPadding(int length) {
        for (int i = length; i % 4 != 0; i++) {
            if (buf.get() != 0) {
                throw new XdrException("non-zero XDR padding");
            }
        }
    }

    private static int padded(int length) {
        return (length + 3) & ~3;
    }
}
