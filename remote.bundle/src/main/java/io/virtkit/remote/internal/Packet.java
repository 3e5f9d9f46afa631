package io.virtkit.remote.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * One RPC packet: a 4-byte big-endian length that counts itself, the header, then the XDR body.
 * Sizes follow libvirt's {@code virnetprotocol.x} so that what virsh may send fits and nothing larger does.
 */
public record Packet(Header header, byte[] body) {
    /** {@code VIR_NET_MESSAGE_MAX}: the largest header + body libvirt accepts. */
    public static final int MAX_PAYLOAD = 32 * 1024 * 1024;
    /** {@code VIR_NET_MESSAGE_LEN_MAX}: the length word. */
    static final int LENGTH_SIZE = 4;
    /** {@code VIR_NET_MESSAGE_STRING_MAX}: the longest string in a body. */
    public static final int STRING_MAX = 4 * 1024 * 1024;
    /** From this body size on, {@link #wire()} leaves the body where it is rather than copying it behind the header. */
    static final int LARGE_BODY = 16 * 1024;

    /**
     * Reads one packet, or returns null at a clean end of stream (between packets).
     *
     * @throws XdrException for a length outside libvirt's bounds or a header that is cut short
     * @throws EOFException when the stream ends inside a packet
     */
    public static Packet read(InputStream stream) throws IOException {
        int first = stream.read();
        if (first < 0) {
            return null;
        }
        byte[] head = new byte[LENGTH_SIZE + Header.SIZE];
        head[0] = (byte) first;
        readFully(stream, head, 1, LENGTH_SIZE - 1);
        long length = ((head[0] & 0xFFL) << 24) | ((head[1] & 0xFFL) << 16) | ((head[2] & 0xFFL) << 8) | (head[3] & 0xFFL);
        if (length < LENGTH_SIZE + Header.SIZE || length > LENGTH_SIZE + MAX_PAYLOAD) {
            throw new XdrException("packet length " + length + " out of range");
        }
        readFully(stream, head, LENGTH_SIZE, Header.SIZE);
        Header header = Header.decode(new XdrReader(head, LENGTH_SIZE, Header.SIZE));
        int size = (int) length - LENGTH_SIZE - Header.SIZE;
        // what arrives is allocated, not what the length word claims: a peer announcing 32 MiB and then closing costs
        // nothing (found by WirePacketFuzzTest: every such input allocated the whole claim)
        byte[] body = stream.readNBytes(size);
        if (body.length != size) {
            throw new EOFException("connection closed inside a packet");
        }
        return new Packet(header, body);
    }

    /**
     * Takes one whole packet from {@code buffer} (read mode), or returns null, leaving it untouched, when it holds
     * only part of one.
     *
     * @throws XdrException for a length outside libvirt's bounds
     */
    static Packet take(ByteBuffer buffer) {
        return take(buffer, null);
    }

    /** As {@link #take(ByteBuffer)}, the body from {@code bodies} (null: a new array). */
    static Packet take(ByteBuffer buffer, StreamBodies bodies) {
        if (buffer.remaining() < LENGTH_SIZE) {
            return null;
        }
        long length = checkedLength(buffer);
        if (buffer.remaining() < length) {
            return null;
        }
        int start = buffer.position();
        Header header;
        if (buffer.hasArray()) {
            header = Header.decode(new XdrReader(buffer.array(), buffer.arrayOffset() + start + LENGTH_SIZE,
                    Header.SIZE));
        } else {
            byte[] head = new byte[Header.SIZE];
            buffer.get(start + LENGTH_SIZE, head);
            header = Header.decode(new XdrReader(head, 0, Header.SIZE));
        }
        int size = (int) length - LENGTH_SIZE - Header.SIZE;
        byte[] body = bodies == null ? new byte[size] : bodies.take(size);
        buffer.position(start + LENGTH_SIZE + Header.SIZE);
        buffer.get(body);
        return new Packet(header, body);
    }

    /** How many bytes the packet at the start of {@code buffer} (read mode) needs in all; the length word's size while it is incomplete. */
    static int needed(ByteBuffer buffer) {
        if (buffer.remaining() < LENGTH_SIZE) {
            return LENGTH_SIZE;
        }
        long length = buffer.getInt(buffer.position()) & 0xFFFF_FFFFL;
        // out of range: the next take throws
        return length < LENGTH_SIZE + Header.SIZE || length > LENGTH_SIZE + MAX_PAYLOAD ? LENGTH_SIZE : (int) length;
    }

    private static long checkedLength(ByteBuffer buffer) {
        long length = buffer.getInt(buffer.position()) & 0xFFFF_FFFFL;
        if (length < LENGTH_SIZE + Header.SIZE || length > LENGTH_SIZE + MAX_PAYLOAD) {
            throw new XdrException("packet length " + length + " out of range");
        }
        return length;
    }

    private static void readFully(InputStream in, byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = in.read(b, off, len);
            if (n < 0) {
                throw new EOFException("connection closed inside a packet");
            }
            off += n;
            len -= n;
        }
    }

    /**
     * The packet's wire form for a gathering write: the length word and header, then the body as it is (a large body is
     * not copied).
     */
    ByteBuffer[] wire() {
        int total = LENGTH_SIZE + Header.SIZE + body.length;
        if (body.length < LARGE_BODY) {
            return new ByteBuffer[] {ByteBuffer.wrap(encode())};
        }
        if (total > LENGTH_SIZE + MAX_PAYLOAD) {
            throw new IllegalStateException("reply too large: " + total + " bytes");
        }
        ByteBuffer head = ByteBuffer.allocate(LENGTH_SIZE + Header.SIZE);
        head.putInt(total).putInt(header.program()).putInt(header.version()).putInt(header.procedure())
                .putInt(header.type()).putInt(header.serial()).putInt(header.status()).flip();
        return new ByteBuffer[] {head, ByteBuffer.wrap(body)};
    }

    /** The packet's wire form, length word included, in one array. */
    public byte[] encode() {
        int total = LENGTH_SIZE + Header.SIZE + body.length;
        if (total > LENGTH_SIZE + MAX_PAYLOAD) {
            throw new IllegalStateException("reply too large: " + total + " bytes");
        }
        ByteBuffer wire = ByteBuffer.allocate(total);
        wire.putInt(total).putInt(header.program()).putInt(header.version()).putInt(header.procedure())
                .putInt(header.type()).putInt(header.serial()).putInt(header.status()).put(body);
        return wire.array();
    }

    public void write(OutputStream out) throws IOException {
        out.write(encode());
        out.flush();
    }
}
