package io.virtkit.qemu.internal.qmp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * A connected AF_UNIX stream socket driven through libc (JNA direct mapping), because java.nio's
 * UNIX-domain channels cannot send ancillary data and passing a descriptor needs SCM_RIGHTS.
 *
 * <p>Only the native layer lives here: the struct packing (msghdr, iovec, cmsghdr) as pure functions
 * that the unit tests check byte by byte, and thin calls that report failures as
 * {@link LastErrorException} (errno read by JNA on the calling thread, right after the call).
 *
 * <p>Layouts are those of LP64 Linux (x86_64, aarch64, riscv64): 8-byte pointers and size_t, cmsg data
 * aligned to size_t. Not thread-safe: the owner serialises calls.
 */
final class UnixFdSocket implements AutoCloseable {
    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    static final int AF_UNIX = 1;
    static final int SOCK_STREAM = 1;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SCM_RIGHTS = 1;
    /** No SIGPIPE when QEMU has gone: the write fails with EPIPE instead of killing the JVM's thread. */
    static final int MSG_NOSIGNAL = 0x4000;
    static final short POLLIN = 0x1;

    static final int EINTR = 4;
    static final int EBADF = 9;
    static final int EAGAIN = 11;

    /** sizeof(struct sockaddr_un): sa_family_t then char sun_path[108]. */
    static final int SOCKADDR_UN_SIZE = 110;
    static final int SUN_PATH_MAX = 108;
    /** sizeof(struct msghdr) on LP64 Linux. */
    static final int MSGHDR_SIZE = 56;
    /** sizeof(struct iovec). */
    static final int IOVEC_SIZE = 16;
    /** sizeof(struct cmsghdr): size_t cmsg_len, int cmsg_level, int cmsg_type; data follows, aligned. */
    static final int CMSGHDR_SIZE = 16;
    private static final int SIZE_T = 8;

    private int fd;

    private UnixFdSocket(int fd) {
        this.fd = fd;
    }

    // ---- libc ----

    private static native int socket(int domain, int type, int protocol) throws LastErrorException;

    private static native int connect(int fd, byte[] addr, int addrlen) throws LastErrorException;

    private static native NativeLong sendmsg(int fd, Pointer msg, int flags) throws LastErrorException;

    private static native NativeLong send(int fd, byte[] buf, NativeLong len, int flags) throws LastErrorException;

    private static native NativeLong recv(int fd, byte[] buf, NativeLong len, int flags) throws LastErrorException;

    private static native int poll(byte[] fds, NativeLong nfds, int timeoutMs) throws LastErrorException;

    private static native int close(int fd) throws LastErrorException;

    private static native String strerror(int errnum);

    /** glibc's text for {@code errno} ("Bad file descriptor"), as libvirt appends it to system errors. */
    static String describe(int errno) {
        String text = strerror(errno);
        return text == null ? "errno " + errno : text;
    }

    // ---- the socket ----

    /**
     * Connects to the listening socket at {@code path}; ENOENT and ECONNREFUSED mean QEMU has not
     * created or not yet listened on it.
     *
     * @throws IllegalArgumentException when the path does not fit in sun_path
     */
    static UnixFdSocket connect(String path) throws LastErrorException {
        byte[] addr = sockaddrUn(path);
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        try {
            while (true) {
                try {
                    connect(fd, addr, addr.length);
                    return new UnixFdSocket(fd);
                } catch (LastErrorException e) {
                    if (e.getErrorCode() != EINTR) {
                        throw e;
                    }
                }
            }
        } catch (RuntimeException e) {
            closeQuietly(fd);
            throw e;
        }
    }

    /**
     * Sends all of {@code data}; with {@code passFd >= 0} the descriptor travels as SCM_RIGHTS with the
     * first chunk, so the receiver sees it together with the start of the message (QEMU attaches
     * received descriptors to the command read from the same chunk). A failing sendmsg (EBADF for a
     * descriptor that is not open) sends nothing at all, so the stream stays in step.
     */
    void send(byte[] data, int passFd) throws LastErrorException {
        int off = 0;
        if (passFd >= 0) {
            off = sendWithFd(data, passFd);
        }
        while (off < data.length) {
            byte[] rest = off == 0 ? data : java.util.Arrays.copyOfRange(data, off, data.length);
            long n;
            try {
                n = send(fd, rest, new NativeLong(rest.length), MSG_NOSIGNAL).longValue();
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EINTR) {
                    continue;
                }
                throw e;
            }
            off += (int) n;
        }
    }

    private int sendWithFd(byte[] data, int passFd) throws LastErrorException {
        int controlLen = cmsgSpace(Integer.BYTES);
        // one native block: msghdr | iovec | control | payload, each 8-byte aligned
        long iovOff = MSGHDR_SIZE;
        long controlOff = iovOff + IOVEC_SIZE;
        long dataOff = controlOff + controlLen;
        Memory mem = new Memory(dataOff + Math.max(1, data.length));
        long base = Pointer.nativeValue(mem);
        mem.write(dataOff, data, 0, data.length);
        mem.write(controlOff, scmRights(passFd).array(), 0, controlLen);
        mem.write(iovOff, iovec(base + dataOff, data.length).array(), 0, IOVEC_SIZE);
        mem.write(0, msghdr(base + iovOff, 1, base + controlOff, controlLen).array(), 0, MSGHDR_SIZE);
        while (true) {
            try {
                return (int) sendmsg(fd, mem, MSG_NOSIGNAL).longValue();
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EINTR) {
                    throw e;
                }
            }
        }
    }

    /**
     * Reads what is available into {@code buf}, waiting at most {@code timeoutMs}.
     *
     * @return the byte count, -1 at end of stream, 0 when nothing came in time
     */
    int read(byte[] buf, int timeoutMs) throws LastErrorException {
        byte[] pollfd = pollfd(fd, POLLIN);
        int ready;
        try {
            ready = poll(pollfd, new NativeLong(1), Math.max(0, timeoutMs));
        } catch (LastErrorException e) {
            if (e.getErrorCode() == EINTR) {
                return 0; // the caller loops on its own deadline
            }
            throw e;
        }
        if (ready == 0) {
            return 0;
        }
        // POLLHUP/POLLERR also end here: recv then reports EOF or the error
        try {
            long n = recv(fd, buf, new NativeLong(buf.length), 0).longValue();
            return n == 0 ? -1 : (int) n;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == EINTR || e.getErrorCode() == EAGAIN) {
                return 0;
            }
            throw e;
        }
    }

    boolean isOpen() {
        return fd >= 0;
    }

    /** Closes the socket once; later calls do nothing. */
    @Override
    public void close() {
        int f = fd;
        fd = -1;
        closeQuietly(f);
    }

    static void closeQuietly(int fd) {
        if (fd >= 0) {
            try {
                close(fd);
            } catch (LastErrorException ignored) {
                // Linux releases the descriptor even when close reports an error
            }
        }
    }

    // ---- struct packing (pure, unit tested) ----

    /** CMSG_ALIGN: round up to the alignment of size_t. */
    static int cmsgAlign(int len) {
        return (len + SIZE_T - 1) & ~(SIZE_T - 1);
    }

    /** CMSG_LEN: header plus {@code dataLen} bytes, the value of cmsg_len. */
    static int cmsgLen(int dataLen) {
        return cmsgAlign(CMSGHDR_SIZE) + dataLen;
    }

    /** CMSG_SPACE: the room one control message takes in the buffer, padding included. */
    static int cmsgSpace(int dataLen) {
        return cmsgAlign(CMSGHDR_SIZE) + cmsgAlign(dataLen);
    }

    /** A control buffer of CMSG_SPACE(sizeof(int)) carrying one descriptor as SOL_SOCKET/SCM_RIGHTS. */
    static ByteBuffer scmRights(int passFd) {
        ByteBuffer b = nativeOrder(cmsgSpace(Integer.BYTES));
        b.putLong(0, cmsgLen(Integer.BYTES));
        b.putInt(8, SOL_SOCKET);
        b.putInt(12, SCM_RIGHTS);
        b.putInt(cmsgAlign(CMSGHDR_SIZE), passFd);
        return b;
    }

    /** struct iovec { void *iov_base; size_t iov_len; }. */
    static ByteBuffer iovec(long base, long len) {
        ByteBuffer b = nativeOrder(IOVEC_SIZE);
        b.putLong(0, base);
        b.putLong(8, len);
        return b;
    }

    /**
     * struct msghdr without an address (connected socket): msg_name 0, msg_namelen 0 (+4 padding),
     * msg_iov, msg_iovlen, msg_control, msg_controllen, msg_flags 0 (+4 padding).
     */
    static ByteBuffer msghdr(long iov, long iovLen, long control, long controlLen) {
        ByteBuffer b = nativeOrder(MSGHDR_SIZE);
        b.putLong(0, 0L);
        b.putInt(8, 0);
        b.putLong(16, iov);
        b.putLong(24, iovLen);
        b.putLong(32, control);
        b.putLong(40, controlLen);
        b.putInt(48, 0);
        return b;
    }

    /** struct sockaddr_un for {@code path}: family AF_UNIX, the path NUL-terminated. */
    static byte[] sockaddrUn(String path) {
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        if (p.length == 0 || p.length >= SUN_PATH_MAX) {
            throw new IllegalArgumentException("UNIX socket path must be 1 to " + (SUN_PATH_MAX - 1)
                    + " bytes long: '" + path + "' has " + p.length);
        }
        if (path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("UNIX socket path contains a NUL byte: '" + path + "'");
        }
        ByteBuffer b = nativeOrder(SOCKADDR_UN_SIZE);
        b.putShort(0, (short) AF_UNIX);
        b.position(2);
        b.put(p); // the rest stays zero: the terminating NUL
        return b.array();
    }

    /** struct pollfd { int fd; short events; short revents; }. */
    static byte[] pollfd(int fd, short events) {
        ByteBuffer b = nativeOrder(8);
        b.putInt(0, fd);
        b.putShort(4, events);
        return b.array();
    }

    private static ByteBuffer nativeOrder(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
    }
}
