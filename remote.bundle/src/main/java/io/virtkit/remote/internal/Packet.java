package io.virtkit.remote.internal;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One RPC packet: a 4-byte big-endian length that counts itself, the header, then the XDR body.
 * Sizes follow libvirt's {@code virnetprotocol.x} so that what virsh may send fits and nothing larger does.
 */
record Packet(Header header, byte[] body) {
    /** {@code VIR_NET_MESSAGE_MAX}: the largest header + body libvirt accepts. */
    static final int MAX_PAYLOAD = 32 * 1024 * 1024;
    /** {@code VIR_NET_MESSAGE_LEN_MAX}: the length word. */
    static final int LENGTH_SIZE = 4;
    /** {@code VIR_NET_MESSAGE_STRING_MAX}: the longest string in a body. */
    static final int STRING_MAX = 4 * 1024 * 1024;

    /**
     * Reads one packet, or returns null at a clean end of stream (between packets).
     *
     * @throws XdrException for a length outside libvirt's bounds or a header that is cut short
     * @throws EOFException when the stream ends inside a packet
     */
    static Packet read(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        int first = in.read();
        if (first < 0) {
            return null;
        }
        byte[] rest = new byte[3];
        in.readFully(rest);
        long length = ((long) first << 24) | ((rest[0] & 0xFFL) << 16) | ((rest[1] & 0xFFL) << 8) | (rest[2] & 0xFFL);
        if (length < LENGTH_SIZE + Header.SIZE || length > LENGTH_SIZE + MAX_PAYLOAD) {
            throw new XdrException("packet length " + length + " out of range");
        }
        byte[] payload = new byte[(int) length - LENGTH_SIZE];
        in.readFully(payload);
        XdrReader reader = new XdrReader(payload);
        Header header = Header.decode(reader);
        byte[] body = new byte[payload.length - Header.SIZE];
        System.arraycopy(payload, Header.SIZE, body, 0, body.length);
        return new Packet(header, body);
    }

    /** The packet's wire form, length word included. */
    byte[] encode() {
        XdrWriter out = new XdrWriter();
        out.writeInt(LENGTH_SIZE + Header.SIZE + body.length);
        header.encode(out);
        byte[] head = out.toByteArray();
        byte[] wire = new byte[head.length + body.length];
        System.arraycopy(head, 0, wire, 0, head.length);
        System.arraycopy(body, 0, wire, head.length, body.length);
        if (wire.length > LENGTH_SIZE + MAX_PAYLOAD) {
            throw new IllegalStateException("reply too large: " + wire.length + " bytes");
        }
        return wire;
    }

    void write(OutputStream out) throws IOException {
        out.write(encode());
        out.flush();
    }
}
