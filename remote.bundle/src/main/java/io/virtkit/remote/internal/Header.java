package io.virtkit.remote.internal;

/** libvirt's {@code virNetMessageHeader}: six unsigned ints in front of every packet's body. */
record Header(int program, int version, int procedure, int type, int serial, int status) {
    static final int SIZE = 24;

    /** {@code virNetMessageType}. */
    static final int CALL = 0;
    static final int REPLY = 1;
    static final int MESSAGE = 2;
    static final int STREAM = 3;
    static final int CALL_WITH_FDS = 4;
    static final int REPLY_WITH_FDS = 5;
    static final int STREAM_HOLE = 6;

    /** {@code virNetMessageStatus}. */
    static final int OK = 0;
    static final int ERROR = 1;
    static final int CONTINUE = 2;

    static Header decode(XdrReader in) {
        return new Header(in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt());
    }

    void encode(XdrWriter out) {
        out.writeInt(program).writeInt(version).writeInt(procedure).writeInt(type).writeInt(serial).writeInt(status);
    }

    /** The header of the answer to this call. */
    Header reply(int replyStatus) {
        return new Header(program, version, procedure, REPLY, serial, replyStatus);
    }
}
