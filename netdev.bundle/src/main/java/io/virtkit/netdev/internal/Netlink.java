package io.virtkit.netdev.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Packing and unpacking of rtnetlink messages: struct nlmsghdr, struct ifinfomsg and rtattr chains,
 * all in host byte order and padded to 4 bytes (NLMSG_ALIGN / RTA_ALIGN). Pure functions on buffers,
 * so the wire format is unit-tested without a socket.
 */
final class Netlink {
    static final int NLMSG_HDRLEN = 16;
    static final int IFINFOMSG_LEN = 16;
    static final int RTA_HDRLEN = 4;

    static final int NLMSG_NOOP = 1;
    static final int NLMSG_ERROR = 2;
    static final int NLMSG_DONE = 3;

    static final int RTM_NEWLINK = 16;
    static final int RTM_DELLINK = 17;
    static final int RTM_GETLINK = 18;
    static final int RTM_SETLINK = 19;
    static final int RTM_NEWADDR = 20;
    static final int RTM_DELADDR = 21;
    static final int RTM_GETADDR = 22;

    /** struct ifaddrmsg: family, prefixlen, flags, scope (one byte each), then the u32 link index. */
    static final int IFADDRMSG_LEN = 8;
    static final int IFA_ADDRESS = 1;
    static final int IFA_LOCAL = 2;
    static final int IFA_LABEL = 3;
    static final int IFA_BROADCAST = 4;
    static final int AF_INET = 2;
    static final int RT_SCOPE_UNIVERSE = 0;

    static final int NLM_F_REQUEST = 0x1;
    static final int NLM_F_MULTI = 0x2;
    static final int NLM_F_ACK = 0x4;
    static final int NLM_F_DUMP = 0x300;
    static final int NLM_F_EXCL = 0x200;
    static final int NLM_F_CREATE = 0x400;

    static final int IFLA_ADDRESS = 1;
    static final int IFLA_IFNAME = 3;
    static final int IFLA_MTU = 4;
    static final int IFLA_MASTER = 10;
    static final int IFLA_LINKINFO = 18;
    static final int IFLA_NET_NS_PID = 19;
    static final int IFLA_INFO_KIND = 1;
    static final int IFLA_INFO_DATA = 2;
    /** linux/veth.h: the peer's struct ifinfomsg and attributes, nested in IFLA_INFO_DATA. */
    static final int VETH_INFO_PEER = 1;

    /** The nested-attribute flag the kernel may set on an rtattr type. */
    static final int NLA_F_NESTED = 0x8000;
    static final int NLA_TYPE_MASK = 0x3FFF;

    static final int AF_UNSPEC = 0;
    static final int IFF_UP = 0x1;

    private Netlink() {
    }

    static int align(int length) {
        return (length + 3) & ~3;
    }

    /** A received message: header fields and its payload (after the 16-byte header). */
    record Message(int type, int flags, int seq, int pid, ByteBuffer payload) {
        /** For NLMSG_ERROR: the positive errno, or 0 for an ACK. */
        int errno() {
            if (type != NLMSG_ERROR || payload.remaining() < 4) {
                throw new IllegalStateException("not an error message: type " + type);
            }
            return -payload.getInt(payload.position());
        }
    }

    /** struct ifinfomsg. */
    record IfInfo(int family, int type, int index, int flags, int change) {
        static IfInfo read(ByteBuffer payload) {
            int p = payload.position();
            return new IfInfo(payload.get(p) & 0xFF, payload.getShort(p + 2) & 0xFFFF,
                    payload.getInt(p + 4), payload.getInt(p + 8), payload.getInt(p + 12));
        }
    }

    /** struct ifaddrmsg. */
    record IfAddr(int family, int prefixLength, int flags, int scope, int index) {
        static IfAddr read(ByteBuffer payload) {
            int p = payload.position();
            return new IfAddr(payload.get(p) & 0xFF, payload.get(p + 1) & 0xFF, payload.get(p + 2) & 0xFF,
                    payload.get(p + 3) & 0xFF, payload.getInt(p + 4));
        }
    }

    /** Builds one request: header, one ifinfomsg, then attributes; nests close in LIFO order. */
    static final class Request {
        private final ByteBuffer buf = ByteBuffer.allocate(4096).order(ByteOrder.nativeOrder());
        private final List<Integer> openNests = new ArrayList<>();

        Request(int type, int flags) {
            buf.putInt(0).putShort((short) type).putShort((short) flags).putInt(0).putInt(0);
        }

        Request ifInfo(int family, int index, int flags, int change) {
            buf.put((byte) family).put((byte) 0).putShort((short) 0).putInt(index).putInt(flags).putInt(change);
            return this;
        }

        Request ifAddr(int family, int prefixLength, int flags, int scope, int index) {
            buf.put((byte) family).put((byte) prefixLength).put((byte) flags).put((byte) scope).putInt(index);
            return this;
        }

        Request attr(int type, byte[] value) {
            buf.putShort((short) (RTA_HDRLEN + value.length)).putShort((short) type).put(value);
            pad();
            return this;
        }

        /** A NUL-terminated string attribute, as the kernel's NLA_STRING policies expect. */
        Request attr(int type, String value) {
            byte[] s = value.getBytes(StandardCharsets.UTF_8);
            byte[] z = new byte[s.length + 1];
            System.arraycopy(s, 0, z, 0, s.length);
            return attr(type, z);
        }

        Request attr(int type, int value) {
            return attr(type, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
        }

        Request beginNest(int type) {
            openNests.add(buf.position());
            buf.putShort((short) 0).putShort((short) type);
            return this;
        }

        Request endNest() {
            int start = openNests.remove(openNests.size() - 1);
            buf.putShort(start, (short) (buf.position() - start));
            return this;
        }

        private void pad() {
            while ((buf.position() & 3) != 0) {
                buf.put((byte) 0);
            }
        }

        /** The finished message with {@code seq} stamped in. */
        byte[] build(int seq) {
            if (!openNests.isEmpty()) {
                throw new IllegalStateException("unclosed nested attribute");
            }
            buf.putInt(0, buf.position());
            buf.putInt(8, seq);
            byte[] out = new byte[buf.position()];
            buf.duplicate().flip().get(out);
            return out;
        }
    }

    /**
     * Splits a datagram into messages. Stops at a truncated trailer rather than reading past the
     * received length, since a short read must not be interpreted as data.
     */
    static List<Message> parse(byte[] data, int length) {
        ByteBuffer b = ByteBuffer.wrap(data, 0, length).order(ByteOrder.nativeOrder());
        List<Message> out = new ArrayList<>();
        int off = 0;
        while (off + NLMSG_HDRLEN <= length) {
            int len = b.getInt(off);
            if (len < NLMSG_HDRLEN || off + len > length) {
                throw new IllegalArgumentException("malformed netlink message at " + off + ": length " + len);
            }
            ByteBuffer payload = b.duplicate().position(off + NLMSG_HDRLEN).limit(off + len).slice()
                    .order(ByteOrder.nativeOrder());
            out.add(new Message(b.getShort(off + 4) & 0xFFFF, b.getShort(off + 6) & 0xFFFF,
                    b.getInt(off + 8), b.getInt(off + 12), payload));
            off += align(len);
        }
        return out;
    }

    /**
     * The attributes from {@code offset} into {@code payload} to its end, keyed by type (nested flag
     * stripped), each value a slice without the rtattr header. A repeated type keeps its last value.
     */
    static Map<Integer, ByteBuffer> attributes(ByteBuffer payload, int offset) {
        Map<Integer, ByteBuffer> out = new LinkedHashMap<>();
        int end = payload.limit();
        int off = offset;
        while (off + RTA_HDRLEN <= end) {
            int len = payload.getShort(off) & 0xFFFF;
            int type = payload.getShort(off + 2) & NLA_TYPE_MASK;
            if (len < RTA_HDRLEN || off + len > end) {
                throw new IllegalArgumentException("malformed rtattr at " + off + ": length " + len);
            }
            out.put(type, payload.duplicate().position(off + RTA_HDRLEN).limit(off + len).slice()
                    .order(ByteOrder.nativeOrder()));
            off += align(len);
        }
        return Collections.unmodifiableMap(out);
    }

    /** A string attribute without its trailing NUL(s). */
    static String string(ByteBuffer value) {
        int n = value.remaining();
        while (n > 0 && value.get(value.position() + n - 1) == 0) {
            n--;
        }
        byte[] b = new byte[n];
        value.duplicate().get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    static int u32(ByteBuffer value) {
        return value.getInt(value.position());
    }

    static byte[] bytes(ByteBuffer value) {
        byte[] b = new byte[value.remaining()];
        value.duplicate().get(b);
        return b;
    }
}
