package io.virtkit.remote.internal;

/** libvirt's {@code virNetMessageHeader}: six unsigned ints in front of every packet's body. */
public record Header(int program, int version, int procedure, int type, int serial, int status) {
    public static final int SIZE = 24;

    /** {@code REMOTE_PROGRAM} of {@code remote_protocol.x}, version 1: every driver procedure. */
    public static final int REMOTE_PROGRAM = 0x20008086;
    public static final int REMOTE_VERSION = 1;
    /** {@code KEEPALIVE_PROGRAM} of {@code virkeepaliveprotocol.x}, version 1: PING and PONG messages. */
    public static final int KEEPALIVE_PROGRAM = 0x6b656570;
    public static final int KEEPALIVE_VERSION = 1;
    public static final int KEEPALIVE_PING = 1;
    public static final int KEEPALIVE_PONG = 2;

    /** {@code virNetMessageType}. */
    public static final int CALL = 0;
    public static final int REPLY = 1;
    public static final int MESSAGE = 2;
    public static final int STREAM = 3;
    public static final int CALL_WITH_FDS = 4;
    public static final int REPLY_WITH_FDS = 5;
    public static final int STREAM_HOLE = 6;

    /** {@code virNetMessageStatus}. */
    public static final int OK = 0;
    public static final int ERROR = 1;
    public static final int CONTINUE = 2;

    public static Header decode(XdrReader in) {
        return new Header(in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt());
    }

    public void encode(XdrWriter out) {
        out.writeInt(program).writeInt(version).writeInt(procedure).writeInt(type).writeInt(serial).writeInt(status);
    }

    /** The header of the answer to this call. */
    public Header reply(int replyStatus) {
        return new Header(program, version, procedure, REPLY, serial, replyStatus);
    }
}
