package io.virtkit.qemu.internal.qmp;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.jna.LastErrorException;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * A second, synchronous QMP monitor connection that can hand open file descriptors (TAP devices) to a
 * running QEMU, as libvirt does with {@code getfd} and SCM_RIGHTS.
 *
 * <p>QEMU keeps descriptors received by {@code getfd} <em>per monitor</em>: a command that consumes
 * a named descriptor ({@code netdev_add} with {@code "fd":"tap0"}) must run on the same monitor that
 * received it. That is why this channel also offers {@link #execute}; the main {@link QmpClient}
 * cannot see the names passed here.
 *
 * <p>The QEMU side is a second control monitor on its own socket, see {@link #monitorArgs(Path)}.
 * Events arriving on this monitor are skipped (the main client reports them). Calls are serialised;
 * each waits for its reply before the next is sent.
 *
 * <p>Errors follow {@link QmpClient}: a QMP error is a {@link QmpCommandException}; no reply in time is
 * OPERATION_TIMEOUT and ends the channel (a late reply would be taken for the next one); the monitor
 * closing is OPERATION_FAILED "End of file from qemu monitor"; a failing system call is SYSTEM_ERROR
 * with the errno text, as libvirt's "Unable to write to monitor: …".
 */
public final class QmpFdChannel implements AutoCloseable {

    /** The chardev id of the fd-passing monitor on QEMU's command line. */
    public static final String CHARDEV_ID = "charfdpass";

    private static final System.Logger LOG = System.getLogger(QmpFdChannel.class.getName());
    private static final int MAX_LINE_BYTES = 1024 * 1024;

    private final Path socketPath;
    private final UnixFdSocket socket;
    private final byte[] readBuf = new byte[8192];
    /** Bytes received, cut into lines. */
    private final QmpLineBuffer lines = new QmpLineBuffer(MAX_LINE_BYTES);
    private long nextId;
    /** Why the channel ended; null while usable. */
    private QmpFailure closed;

    private QmpFdChannel(Path socketPath, UnixFdSocket socket) {
        this.socketPath = socketPath;
        this.socket = socket;
    }

    /**
     * The QEMU arguments for the extra monitor: a server socket at {@code socket} that QEMU does not
     * wait on, bound to a QMP control monitor.
     */
    public static List<String> monitorArgs(Path socket) {
        Objects.requireNonNull(socket, "socket");
        // a comma would split QEMU's option string; QEMU escapes it by doubling
        String path = socket.toString().replace(",", ",,");
        return List.of("-chardev", "socket,id=" + CHARDEV_ID + ",path=" + path + ",server=on,wait=off",
                "-mon", "chardev=" + CHARDEV_ID + ",mode=control");
    }

    /**
     * Connects to the fd-passing monitor at {@code socket}, retrying until {@code timeout} while QEMU
     * creates it, then reads the greeting and negotiates capabilities.
     *
     * @throws VirtException OPERATION_TIMEOUT when the socket does not accept in time or QEMU does not
     *         greet; INVALID_ARG for a path too long for a UNIX socket
     */
    public static QmpFdChannel connect(Path socket, Duration timeout) {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(timeout, "timeout");
        QmpConnectDeadline deadline = new QmpConnectDeadline(socket, timeout);
        QmpFdChannel channel = new QmpFdChannel(socket, open(socket, deadline));
        try {
            channel.handshake(deadline);
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
        return channel;
    }

    private static UnixFdSocket open(Path socket, QmpConnectDeadline deadline) {
        LastErrorException last;
        do {
            try {
                return UnixFdSocket.connect(socket.toString());
            } catch (IllegalArgumentException e) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU, e.getMessage());
            } catch (LastErrorException e) {
                // absent (ENOENT) or not yet listening (ECONNREFUSED) is normal while QEMU starts
                last = e;
            }
        } while (deadline.pauseBeforeRetry());
        throw deadline.connectTimedOut(UnixFdSocket.describe(last.getErrorCode()));
    }

    private void handshake(QmpConnectDeadline deadline) {
        JsonNode hello = readMessage(System.nanoTime() + deadline.handshakeWaitNanos(), "the QMP greeting");
        if (QmpMessages.Kind.of(hello) != QmpMessages.Kind.GREETING) {
            throw fail(ErrorCode.INTERNAL_ERROR,
                    "unexpected QMP greeting '" + QmpMessages.abbreviate(hello.toString()) + "'");
        }
        execute("qmp_capabilities", null, Duration.ofNanos(deadline.handshakeWaitNanos()));
    }

    /**
     * Hands {@code fd} to QEMU under {@code fdname} ({@code getfd}); the descriptor travels in the same
     * sendmsg as the command. QEMU holds its own duplicate: the caller still owns and should close
     * {@code fd}. Passing a name again replaces QEMU's earlier descriptor of that name.
     *
     * @throws VirtException INVALID_ARG for a negative fd or an empty name; SYSTEM_ERROR when the
     *         kernel refuses the descriptor (not open: "Bad file descriptor"), after which the channel
     *         stays usable; a {@link QmpCommandException} when QEMU rejects the name
     */
    public synchronized void passFd(int fd, String fdname, Duration timeout) {
        if (fd < 0) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU, "fd must be valid");
        }
        requireName(fdname);
        request("getfd", Map.of("fdname", fdname), fd, timeout);
    }

    /** {@link #passFd(int, String, Duration)} with a 30 s reply timeout. */
    public void passFd(int fd, String fdname) {
        passFd(fd, fdname, Duration.ofSeconds(30));
    }

    /**
     * Makes QEMU close the descriptor it holds under {@code fdname} ({@code closefd}); one already
     * consumed by a device stays open in that device.
     *
     * @throws VirtException a {@link QmpCommandException} when QEMU holds no such name
     */
    public synchronized void closeFd(String fdname, Duration timeout) {
        requireName(fdname);
        request("closefd", Map.of("fdname", fdname), -1, timeout);
    }

    /** {@link #closeFd(String, Duration)} with a 30 s reply timeout. */
    public void closeFd(String fdname) {
        closeFd(fdname, Duration.ofSeconds(30));
    }

    /**
     * Runs a command on this monitor, where the names passed by {@link #passFd} are visible (e.g.
     * {@code netdev_add} with {@code "fd":"tap0"}), and returns its "return" value.
     */
    public synchronized JsonNode execute(String command, Map<String, ?> arguments, Duration timeout) {
        Objects.requireNonNull(command, "command");
        return request(command, arguments, -1, timeout);
    }

    private JsonNode request(String command, Map<String, ?> arguments, int passFd, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        ensureOpen();
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        String id = "virtkit-fd-" + (++nextId);
        ObjectNode req = QmpMessages.command(command, arguments);
        req.put("id", id);
        byte[] bytes = QmpMessages.encodeLine(req);
        try {
            socket.send(bytes, passFd);
        } catch (LastErrorException e) {
            if (passFd >= 0 && e.getErrorCode() == UnixFdSocket.EBADF) {
                // the kernel rejected the descriptor before sending a byte: the stream is intact
                throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.QEMU,
                        "Unable to send file descriptor " + passFd + " to QEMU: "
                                + UnixFdSocket.describe(e.getErrorCode()));
            }
            throw fail(ErrorCode.SYSTEM_ERROR,
                    "Unable to write to monitor: " + UnixFdSocket.describe(e.getErrorCode()));
        }
        JsonNode reply;
        do {
            reply = readMessage(deadline, "QEMU command '" + command + "'");
            // events: the main monitor reports them; this one only answers our commands
        } while (QmpMessages.Kind.of(reply) == QmpMessages.Kind.EVENT);
        if (QmpMessages.Kind.of(reply) != QmpMessages.Kind.REPLY) {
            throw fail(ErrorCode.INTERNAL_ERROR, QmpMessages.unknown(reply).getMessage());
        }
        if (!id.equals(reply.path("id").asText(null))) {
            throw fail(ErrorCode.INTERNAL_ERROR, "unexpected reply to QEMU command '" + command + "': "
                    + QmpMessages.abbreviate(reply.toString()));
        }
        return QmpMessages.result(command, reply);
    }

    /** Reads one JSON object line by {@code deadline}; ends the channel on timeout, EOF or bad JSON. */
    private JsonNode readMessage(long deadline, String what) {
        while (true) {
            try {
                QmpLineBuffer.Line line = lines.nextLine();
                if (line != null) {
                    return QmpMessages.parseLine(line.bytes(), line.offset(), line.length());
                }
            } catch (QmpLineBuffer.LineTooLong | QmpMessages.ProtocolError e) {
                throw fail(ErrorCode.INTERNAL_ERROR, e.getMessage());
            }
            long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (leftMs <= 0) {
                throw fail(ErrorCode.OPERATION_TIMEOUT, "no reply from " + what + " on monitor socket '"
                        + socketPath + "'");
            }
            int n;
            try {
                n = socket.read(readBuf, (int) Math.min(Integer.MAX_VALUE, leftMs));
            } catch (LastErrorException e) {
                throw fail(ErrorCode.SYSTEM_ERROR,
                        "Unable to read from monitor: " + UnixFdSocket.describe(e.getErrorCode()));
            }
            if (n < 0) {
                throw fail(ErrorCode.OPERATION_FAILED, "End of file from qemu monitor");
            }
            lines.append(readBuf, 0, n);
        }
    }

    private static void requireName(String fdname) {
        if (fdname == null || fdname.isEmpty()) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU, "fd name must not be empty");
        }
    }

    private void ensureOpen() {
        if (closed != null) {
            throw closed.toException();
        }
    }

    /** Ends the channel (the stream can no longer be trusted) and returns the error to throw. */
    private VirtException fail(ErrorCode code, String detail) {
        VirtException e = new VirtException(code, ErrorDomain.QEMU, detail);
        if (closed == null) {
            closed = new QmpFailure(code, e.getMessage());
        }
        LOG.log(Level.DEBUG, "fd-passing monitor {0} ended: {1}", socketPath, e.getMessage());
        socket.close();
        return e;
    }

    /** The monitor socket this channel is connected to. */
    public Path socket() {
        return socketPath;
    }

    public synchronized boolean isConnected() {
        return closed == null;
    }

    /** Closes the connection; QEMU keeps running and keeps the descriptors it holds. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed == null) {
            closed = QmpFailure.closed();
        }
        socket.close();
    }
}
