package io.virtkit.remote.internal;

import java.nio.ByteBuffer;
import java.util.Set;

/**
 * Whether what a client sent can be libvirt's protocol at all, looked at as soon as a packet's length word and header
 * have arrived and before its body is read: a length outside libvirt's bounds, a program libvirt does not have, a
 * message type or status that does not exist. Such a client is sending something else (garbage, another protocol),
 * so it is cut off there, without its body ever being buffered; a client of one of libvirt's programs that Virtkit
 * does not serve (QEMU's, LXC's) or of another version is answered with libvirt's RPC error instead, as libvirtd does.
 */
final class FrameCheck {
    /** {@code QEMU_PROGRAM}, {@code LXC_PROGRAM} and {@code ADMIN_PROGRAM} of libvirt's protocol files. */
    static final int QEMU_PROGRAM = 0x20008087;
    static final int LXC_PROGRAM = 0x00068000;
    static final int ADMIN_PROGRAM = 0x06900690;
    private static final Set<Integer> LIBVIRT_PROGRAMS = Set.of(Header.REMOTE_PROGRAM, Header.KEEPALIVE_PROGRAM,
            QEMU_PROGRAM, LXC_PROGRAM, ADMIN_PROGRAM);
    /** Where the header's fields start, after the length word. */
    private static final int PROGRAM = Packet.LENGTH_SIZE;
    private static final int TYPE = Packet.LENGTH_SIZE + 12;
    private static final int STATUS = Packet.LENGTH_SIZE + 20;
    /** The length word and the header: what must have arrived before a packet is judged. */
    static final int HEAD = Packet.LENGTH_SIZE + Header.SIZE;

    private FrameCheck() {
    }

    /**
     * Checks the packet at the start of {@code buffer} (read mode) as far as it has arrived.
     *
     * @throws XdrException for a length, program, type or status that is not libvirt's
     */
    static void check(ByteBuffer buffer) {
        int at = buffer.position();
        if (buffer.remaining() < Packet.LENGTH_SIZE) {
            return;
        }
        long length = buffer.getInt(at) & 0xFFFF_FFFFL;
        if (length < HEAD || length > Packet.LENGTH_SIZE + Packet.MAX_PAYLOAD) {
            throw new XdrException("packet length " + length + " out of range");
        }
        if (buffer.remaining() < HEAD) {
            return;
        }
        int program = buffer.getInt(at + PROGRAM);
        if (!LIBVIRT_PROGRAMS.contains(program)) {
            throw new XdrException("program " + Integer.toHexString(program) + " is none of libvirt's");
        }
        int type = buffer.getInt(at + TYPE);
        if (type < Header.CALL || type > Header.STREAM_HOLE) {
            throw new XdrException("message type " + type + " does not exist");
        }
        int status = buffer.getInt(at + STATUS);
        if (status < Header.OK || status > Header.CONTINUE) {
            throw new XdrException("message status " + status + " does not exist");
        }
    }
}
