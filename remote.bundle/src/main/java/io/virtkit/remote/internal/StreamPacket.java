package io.virtkit.remote.internal;

/**
 * One packet of an RPC stream, as libvirt's {@code virnetclientstream}/{@code virnetserverstream} exchange them
 * under the procedure and serial of the call that opened the stream: a {@code VIR_NET_STREAM} packet carries data
 * (status CONTINUE; empty, the end of the data), a finish request or its confirmation (OK, empty), or an abort (ERROR,
 * a {@code remote_error} body from the daemon, none from the client); a {@code VIR_NET_STREAM_HOLE} packet
 * (CONTINUE) carries a {@code virNetStreamHole}: a hyper length and an unsigned int of flags.
 */
record StreamPacket(Kind kind, byte[] data, long holeLength, int holeFlags) {
    /**
     * {@code VIR_NET_MESSAGE_LEGACY_PAYLOAD_MAX}: the most data libvirtd puts in one stream packet, and what libvirt's
     * clients put in each full one (256 KiB less the 24 bytes of a header).
     */
    static final int DATA_MAX = 262120;

    enum Kind { DATA, HOLE, FINISH, ABORT }

    /** The call a stream belongs to: its procedure and serial, as libvirt keys streams. */
    record Id(int procedure, int serial) {
        static Id of(Header h) {
            return new Id(h.procedure(), h.serial());
        }
    }

    static StreamPacket data(byte[] bytes) {
        return new StreamPacket(Kind.DATA, bytes, 0, 0);
    }

    static StreamPacket hole(long length, int flags) {
        return new StreamPacket(Kind.HOLE, new byte[0], length, flags);
    }

    static StreamPacket finish() {
        return new StreamPacket(Kind.FINISH, new byte[0], 0, 0);
    }

    /** An abort; {@code error} is the {@code remote_error} body the daemon sends (empty from a client). */
    static StreamPacket abort(byte[] error) {
        return new StreamPacket(Kind.ABORT, error, 0, 0);
    }

    /** Whether {@code header} is a stream packet at all. */
    static boolean isStream(Header header) {
        return header.type() == Header.STREAM || header.type() == Header.STREAM_HOLE;
    }

    /**
     * The stream packet in {@code packet}.
     *
     * @throws XdrException for a hole that is not a CONTINUE {@code virNetStreamHole}, a data packet with status OK
     *     and data, or a status libvirt does not know
     */
    static StreamPacket decode(Packet packet) {
        Header h = packet.header();
        if (h.type() == Header.STREAM_HOLE) {
            if (h.status() != Header.CONTINUE) {
                throw new XdrException("stream hole with status " + h.status());
            }
            XdrReader in = new XdrReader(packet.body());
            long length = in.readHyper();
            int flags = in.readInt();
            if (in.remaining() != 0) {
                throw new XdrException("stream hole with " + in.remaining() + " bytes too many");
            }
            return hole(length, flags);
        }
        if (h.type() != Header.STREAM) {
            throw new XdrException("not a stream packet: type " + h.type());
        }
        return switch (h.status()) {
            case Header.CONTINUE -> data(packet.body());
            case Header.OK -> {
                if (packet.body().length != 0) {
                    throw new XdrException("stream finish with " + packet.body().length + " bytes of data");
                }
                yield finish();
            }
            case Header.ERROR -> abort(packet.body());
            default -> throw new XdrException("stream packet with status " + h.status());
        };
    }

    /** The packet on the wire for the stream {@code id} of the remote program. */
    Packet encode(Id id) {
        return switch (kind) {
            case DATA -> packet(id, Header.STREAM, Header.CONTINUE, data);
            case HOLE -> packet(id, Header.STREAM_HOLE, Header.CONTINUE,
                    new XdrWriter().writeHyper(holeLength).writeInt(holeFlags).toByteArray());
            case FINISH -> packet(id, Header.STREAM, Header.OK, new byte[0]);
            case ABORT -> packet(id, Header.STREAM, Header.ERROR, data);
        };
    }

    private static Packet packet(Id id, int type, int status, byte[] body) {
        return new Packet(new Header(RemoteSession.REMOTE_PROGRAM, 1, id.procedure(), type, id.serial(), status), body);
    }
}
