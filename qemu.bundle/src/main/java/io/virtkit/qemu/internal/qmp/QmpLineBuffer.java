package io.virtkit.qemu.internal.qmp;

import java.util.Arrays;

/**
 * The bytes read from a QMP socket, cut into lines: what is read is {@link #append appended}, complete lines
 * are taken one by one with {@link #nextLine()}. A line is what comes before a '\n', without a '\r' before it;
 * empty lines are skipped. A line longer than the limit (its '\r' counted) is a protocol error, so a peer
 * that never ends its line cannot make us buffer more than the limit plus one read.
 *
 * <p>Not thread-safe: one reader owns it.
 */
final class QmpLineBuffer {
    private static final int INITIAL_CAPACITY = 1024;
    /** After a line this long has gone, the buffer shrinks back: one huge reply must not pin its memory. */
    private static final int SHRINK_ABOVE = 1024 * 1024;

    private final int maxLineBytes;
    private byte[] buffer = new byte[INITIAL_CAPACITY];
    /** Unconsumed bytes are buffer[start, end). */
    private int start;
    private int end;
    /** buffer[start, scanned) holds no '\n': a long line is not searched again from its beginning. */
    private int scanned;

    /** One line taken from the buffer: {@code bytes[offset, offset + length)}, valid until the next call. */
    record Line(byte[] bytes, int offset, int length) {
    }

    QmpLineBuffer(int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("line limit must be positive, got " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
    }

    int maxLineBytes() {
        return maxLineBytes;
    }

    /** Appends {@code data[offset, offset + length)}. */
    void append(byte[] data, int offset, int length) {
        if (end + length > buffer.length) {
            int unconsumed = end - start;
            if (unconsumed + length > buffer.length) {
                long wanted = Math.max(2L * buffer.length, (long) unconsumed + length);
                byte[] grown = new byte[(int) Math.min(Integer.MAX_VALUE - 8, wanted)];
                System.arraycopy(buffer, start, grown, 0, unconsumed);
                buffer = grown;
            } else {
                System.arraycopy(buffer, start, buffer, 0, unconsumed);
            }
            scanned -= start;
            start = 0;
            end = unconsumed;
        }
        System.arraycopy(data, offset, buffer, end, length);
        end += length;
    }

    /**
     * The next complete, non-empty line, or null when the buffer holds none yet.
     *
     * @throws LineTooLong when the next line (complete or not) is longer than the limit
     */
    Line nextLine() throws LineTooLong {
        while (true) {
            int nl = -1;
            for (int i = Math.max(start, scanned); i < end; i++) {
                if (buffer[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            if (nl < 0) {
                scanned = end;
                if (end - start > maxLineBytes) {
                    throw new LineTooLong(maxLineBytes);
                }
                if (start == end) {
                    reset();
                }
                return null;
            }
            int lineStart = start;
            int length = nl - lineStart;
            start = nl + 1;
            scanned = start;
            if (length > maxLineBytes) {
                throw new LineTooLong(maxLineBytes);
            }
            if (length > 0 && buffer[lineStart + length - 1] == '\r') {
                length--;
            }
            if (length > 0) {
                Line line = new Line(buffer, lineStart, length);
                if (start == end && buffer.length > SHRINK_ABOVE) {
                    // hand out the big line's bytes on their own and let the big buffer go
                    line = new Line(Arrays.copyOfRange(buffer, lineStart, lineStart + length), 0, length);
                    reset();
                }
                return line;
            }
        }
    }

    /** Bytes appended but not yet taken as lines. */
    int buffered() {
        return end - start;
    }

    private void reset() {
        start = 0;
        end = 0;
        scanned = 0;
        if (buffer.length > SHRINK_ABOVE) {
            buffer = new byte[INITIAL_CAPACITY];
        }
    }

    /** The peer sent a line over the limit. */
    static final class LineTooLong extends Exception {
        private static final long serialVersionUID = 1L;

        LineTooLong(int maxLineBytes) {
            super("QEMU monitor sent a line longer than " + maxLineBytes + " bytes", null, false, false);
        }
    }
}
