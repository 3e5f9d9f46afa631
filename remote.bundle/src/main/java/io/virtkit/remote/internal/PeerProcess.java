package io.virtkit.remote.internal;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Which peer a client socket belongs to, for the per-peer connection limit: the process on the other end of a UNIX
 * socket ({@code SO_PEERCRED}'s pid, which the JDK's {@code jdk.net} option leaves out: only uid and gid), the
 * address of a TCP or TLS one. A UNIX peer whose pid cannot be read (no JNA, a JDK without the socket's descriptor
 * field) is keyed by its user instead.
 */
final class PeerProcess {
    private static final Logger LOG = Logger.getLogger(PeerProcess.class.getName());
    /** Linux's SOL_SOCKET and SO_PEERCRED (x86_64, aarch64, riscv64; Virtkit targets no other). */
    private static final int SOL_SOCKET = 1;
    private static final int SO_PEERCRED = 17;
    /** struct ucred: pid, uid, gid, each 32 bits. */
    private static final int UCRED_SIZE = 12;

    private PeerProcess() {
    }

    /** {@code pid:N} or {@code user:NAME} for a UNIX socket, {@code address:IP} for TCP/TLS. */
    static String key(SocketChannel socket) {
        SocketAddress remote;
        try {
            remote = socket.getRemoteAddress();
        } catch (IOException e) {
            return "unknown";
        }
        if (remote instanceof InetSocketAddress inet) {
            return "address:" + inet.getAddress().getHostAddress();
        }
        long pid = pid(socket);
        if (pid > 0) {
            return "pid:" + pid;
        }
        try {
            jdk.net.UnixDomainPrincipal p = socket.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED);
            return "user:" + p.user().getName();
        } catch (IOException | UnsupportedOperationException | LinkageError e) {
            return "unknown";
        }
    }

    /** The pid of the process at the other end of a UNIX socket, or -1 when it cannot be read. */
    static long pid(SocketChannel socket) {
        int fd = Descriptors.fd(socket);
        if (fd < 0) {
            return -1;
        }
        try {
            return Creds.pid(fd);
        } catch (LinkageError | RuntimeException e) {
            LOG.log(Level.FINE, "SO_PEERCRED unreadable", e);
            return -1;
        }
    }

    /** The socket's descriptor number, read from the JDK's channel (no public API gives it). */
    private static final class Descriptors {
        private static final Object UNSAFE;
        private static final Method OFFSET;
        private static final Method GET_INT;

        static {
            Object unsafe = null;
            Method offset = null;
            Method getInt = null;
            try {
                // jdk.unsupported opens sun.misc to everyone: no framework export needed, loaded from the platform
                Class<?> type = Class.forName("sun.misc.Unsafe", true, ClassLoader.getPlatformClassLoader());
                Field f = type.getDeclaredField("theUnsafe");
                f.setAccessible(true);
                unsafe = f.get(null);
                offset = type.getMethod("objectFieldOffset", Field.class);
                getInt = type.getMethod("getInt", Object.class, long.class);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.log(Level.FINE, "no sun.misc.Unsafe: UNIX peers are told apart by user only", e);
            }
            UNSAFE = unsafe;
            OFFSET = offset;
            GET_INT = getInt;
        }

        static int fd(SocketChannel socket) {
            if (UNSAFE == null) {
                return -1;
            }
            try {
                Field fdVal = socket.getClass().getDeclaredField("fdVal");
                long at = (long) OFFSET.invoke(UNSAFE, fdVal);
                return (int) GET_INT.invoke(UNSAFE, socket, at);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return -1;
            }
        }
    }

    /** getsockopt(2) through JNA's direct mapping; loaded on first use, so a framework without JNA still serves. */
    private static final class Creds {
        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }

        static native int getsockopt(int fd, int level, int name, byte[] value, int[] length) throws LastErrorException;

        static long pid(int fd) {
            byte[] ucred = new byte[UCRED_SIZE];
            int[] length = {UCRED_SIZE};
            try {
                getsockopt(fd, SOL_SOCKET, SO_PEERCRED, ucred, length);
            } catch (LastErrorException e) {
                return -1;
            }
            return ByteBuffer.wrap(ucred).order(ByteOrder.nativeOrder()).getInt(0);
        }
    }
}
