package io.virtkit.qemu.internal.qmp;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * A QMP client over a UNIX-domain socket: greeting + qmp_capabilities on connect, commands with
 * timeouts (replies matched by "id"), events pushed to a sink in order.
 *
 * <p>Threads: a selector thread of a {@link QmpMonitors} parses what QEMU sends and completes the waiting
 * callers; that {@link QmpMonitors}'s delivery pool calls the event sink and then {@code onDisconnect}, one
 * at a time per client. A driver shares one {@link QmpMonitors} among all its clients; without one, a client
 * has its own ("qmp-reader &lt;socket&gt;" and "qmp-events &lt;socket&gt;"). Because the sink never runs on
 * the reading thread, it may itself call {@link #execute} (or {@link #close()}) without deadlocking. Every
 * event reaches the sink in the order QEMU sent it, and {@code onDisconnect} runs after the last event,
 * exactly once.
 *
 * <p>A command returns only after every event QEMU sent before its reply has been through the sink (as
 * libvirt's monitor dispatches a monitor's events in order before the reply reaches the waiting caller):
 * a caller that reads state the sink keeps sees at least what the command's own events did (the STOP of
 * {@code stop}, so a later {@code cont}'s RESUME cannot be overtaken by it). The reader numbers the events
 * it reads; a reply carries the number of the last event read before it; the caller, having the reply,
 * waits until the sink has finished that number. That wait cannot deadlock with the sink:
 * <ul>
 * <li>a command sent from the sink itself (on the delivering thread) does not wait: the events behind the
 * one being handled can only run after the sink returns; it sees every event up to that one;</li>
 * <li>any other wait (a sink that blocks on something the caller holds, e.g. a domain's job; a full shared
 * pool) is bounded by the command's timeout, after which the reply is returned anyway, with a warning:
 * the command did run in QEMU;</li>
 * <li>an event the delivery refuses (the client closing) counts as finished, and the end of the
 * connection releases every waiter.</li>
 * </ul>
 *
 * <p>All methods are thread-safe; several callers may have commands in flight at once.
 *
 * <p>Errors, worded like libvirt's QEMU monitor: a QMP error reply is a {@link QmpCommandException}
 * (INTERNAL_ERROR "unable to execute QEMU command 'x': desc"); no reply in time is OPERATION_TIMEOUT;
 * a monitor that closed (QEMU exited, {@link #close()}) is OPERATION_FAILED ("End of file from qemu
 * monitor"), and every pending call fails at once. A peer that breaks the protocol (unparsable line,
 * a line over the size limit, a message of unknown shape) is INTERNAL_ERROR and ends the connection,
 * as libvirt does.
 */
public final class QmpClient implements AutoCloseable {

    /** The longest line accepted from QEMU; a misbehaving peer cannot make us buffer more. */
    public static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(QmpClient.class.getName());
    private static final int MIN_LINE_BYTES = 1024;

    private final Path socket;
    private final SocketChannel channel;
    private final QmpMonitors monitors;
    /** The client's own monitors (closed with it) when connect was given none. */
    private final boolean ownMonitors;
    private final QmpEventDelivery events;
    /** What QEMU sent, cut into lines; touched by the selector thread only. */
    private final QmpLineBuffer lines;
    private final QmpPendingReplies pending = new QmpPendingReplies();
    private final CompletableFuture<JsonNode> greeting = new CompletableFuture<>();
    private final Object writeLock = new Object();
    private final Object stateLock = new Object();

    /** Why the connection ended; null while connected. Guarded by stateLock for writes. */
    private volatile QmpFailure failure;
    /** True once connect() returned the client: only then does onDisconnect run. */
    private boolean established;
    private volatile long qemuVersion;

    private QmpClient(Path socket, SocketChannel channel, Consumer<QmpEvent> events, Runnable onDisconnect,
            int maxLineBytes, QmpMonitors shared) {
        this.socket = socket;
        this.channel = channel;
        this.lines = new QmpLineBuffer(maxLineBytes);
        this.ownMonitors = shared == null;
        this.monitors = shared != null ? shared : new QmpMonitors("qmp-reader " + socket, "qmp-events " + socket, 1);
        this.events = new QmpEventDelivery(socket, events, onDisconnect, monitors.newSerialExecutor());
    }

    /**
     * Connects to a QEMU monitor socket, retrying until {@code connectTimeout} while QEMU creates it,
     * reads the greeting and negotiates capabilities. {@code events} gets every event in order;
     * {@code onDisconnect} runs once when the socket closes (QEMU exited or {@link #close()}); it does
     * not run when connect itself fails.
     *
     * @throws io.virtkit.api.VirtException OPERATION_FAILED/OPERATION_TIMEOUT when it cannot connect
     */
    public static QmpClient connect(Path socket, Duration connectTimeout, Consumer<QmpEvent> events,
            Runnable onDisconnect) {
        return connect(socket, connectTimeout, events, onDisconnect, DEFAULT_MAX_LINE_BYTES, null);
    }

    /** As {@link #connect(Path, Duration, Consumer, Runnable)}, read and delivered by the shared {@code monitors}. */
    public static QmpClient connect(Path socket, Duration connectTimeout, Consumer<QmpEvent> events,
            Runnable onDisconnect, QmpMonitors monitors) {
        return connect(socket, connectTimeout, events, onDisconnect, DEFAULT_MAX_LINE_BYTES, monitors);
    }

    /** As {@link #connect(Path, Duration, Consumer, Runnable)} with a limit on the length of one line. */
    public static QmpClient connect(Path socket, Duration connectTimeout, Consumer<QmpEvent> events,
            Runnable onDisconnect, int maxLineBytes) {
        return connect(socket, connectTimeout, events, onDisconnect, maxLineBytes, null);
    }

    private static QmpClient connect(Path socket, Duration connectTimeout, Consumer<QmpEvent> events,
            Runnable onDisconnect, int maxLineBytes, QmpMonitors monitors) {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (maxLineBytes < MIN_LINE_BYTES) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU,
                    "QMP line limit must be at least " + MIN_LINE_BYTES + " bytes, got " + maxLineBytes);
        }
        QmpConnectDeadline deadline = new QmpConnectDeadline(socket, connectTimeout);
        SocketChannel channel = openChannel(socket, deadline);
        QmpClient client;
        try {
            channel.configureBlocking(false);
            client = new QmpClient(socket, channel, events, onDisconnect, maxLineBytes, monitors);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.QEMU,
                    "cannot read monitor socket '" + socket + "': " + e.getMessage());
        }
        try {
            client.monitors.register(client);
            client.handshake(deadline);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        return client;
    }

    private static SocketChannel openChannel(Path socket, QmpConnectDeadline deadline) {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(socket);
        IOException last;
        do {
            SocketChannel ch = null;
            try {
                ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                ch.connect(address);
                return ch;
            } catch (IOException e) {
                last = e; // absent or refusing while QEMU starts: retried
                closeQuietly(ch);
            }
        } while (deadline.pauseBeforeRetry());
        throw deadline.connectTimedOut(describe(last));
    }

    private void handshake(QmpConnectDeadline deadline) {
        JsonNode hello;
        try {
            hello = greeting.get(deadline.handshakeWaitNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.QEMU,
                    "no QMP greeting from monitor socket '" + socket + "'");
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.QEMU,
                    "interrupted while waiting for the QMP greeting");
        }
        qemuVersion = QmpMessages.qemuVersion(hello);
        execute("qmp_capabilities", null, Duration.ofNanos(deadline.handshakeWaitNanos()));
        synchronized (stateLock) {
            QmpFailure f = failure;
            if (f != null) {
                throw f.toException();
            }
            established = true;
        }
    }

    /**
     * Runs {@code command} with {@code arguments} (null or empty for none) and returns the "return" value
     * (an empty object when QEMU sent none).
     *
     * @throws io.virtkit.api.VirtException a {@link QmpCommandException} (INTERNAL_ERROR, libvirt's
     *         "unable to execute QEMU command 'x': desc") for a QMP error, OPERATION_TIMEOUT when no reply
     *         came in time (the command may still run in QEMU), OPERATION_FAILED when the monitor closed
     */
    public JsonNode execute(String command, Map<String, ?> arguments, Duration timeout) {
        Objects.requireNonNull(command, "command");
        ObjectNode request = QmpMessages.command(command, arguments);
        return QmpMessages.result(command, call(request, command, timeout));
    }

    /**
     * Sends a raw JSON command (virsh qemu-monitor-command) and returns the whole reply as JSON text,
     * QMP errors included (as libvirt does). The client sets its own "id" to match the reply; the reply
     * carries the caller's "id" back if it gave one, and none otherwise.
     *
     * @throws io.virtkit.api.VirtException INVALID_ARG when {@code json} is not a JSON object with a
     *         string "execute"; OPERATION_TIMEOUT / OPERATION_FAILED as {@link #execute}
     */
    public String executeRaw(String json, Duration timeout) {
        ObjectNode request = QmpMessages.parseRawCommand(json);
        JsonNode callerId = request.remove("id");
        ObjectNode reply = call(request, request.get("execute").asText(), timeout).deepCopy();
        reply.remove("id");
        if (callerId != null) {
            reply.set("id", callerId);
        }
        return QmpMessages.toText(reply);
    }

    /** Sends {@code request} with a fresh id and waits for the reply carrying it. */
    private JsonNode call(ObjectNode request, String command, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        QmpPendingReplies.Waiter waiter = pending.register();
        try {
            request.put("id", waiter.id());
            send(QmpMessages.encodeLine(request));
            QmpPendingReplies.Reply r = waiter.reply().get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            events.awaitHandled(r.eventsBefore(), command, timeout);
            return r.message();
        } catch (TimeoutException e) {
            throw new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.QEMU,
                    "no reply from QEMU command '" + command + "' within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.QEMU,
                    "interrupted while waiting for QEMU command '" + command + "'");
        } finally {
            pending.forget(waiter.id());
        }
    }

    private void send(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        synchronized (writeLock) {
            try {
                while (buffer.hasRemaining()) {
                    if (channel.write(buffer) == 0) {
                        // non-blocking socket, QEMU's receive buffer full: it reads it soon
                        LockSupport.parkNanos(100_000);
                    }
                }
            } catch (IOException e) {
                teardown(QmpFailure.of(ErrorCode.OPERATION_FAILED, "Unable to write to monitor: " + describe(e)));
            }
        }
        QmpFailure f = failure;
        if (f != null && buffer.hasRemaining()) {
            throw f.toException();
        }
    }

    /** QEMU's version from the greeting, e.g. 7002022 for 7.2.22 (libvirt's encoding). */
    public long qemuVersion() {
        return qemuVersion;
    }

    /** The monitor socket this client is connected to. */
    public Path socket() {
        return socket;
    }

    public boolean isConnected() {
        return failure == null;
    }

    /**
     * Waits until the connection has ended and every event read before the end, then
     * {@code onDisconnect}, has been delivered; true when that happened within {@code timeout}.
     */
    public boolean awaitDisconnected(Duration timeout) throws InterruptedException {
        return events.awaitEnded(timeout);
    }

    /** Closes the connection: pending calls fail at once, {@code onDisconnect} runs once. Never blocks. */
    @Override
    public void close() {
        teardown(QmpFailure.closed());
    }

    // ---- reading (on the selector thread) ----

    SocketChannel channel() {
        return channel;
    }

    /**
     * Reads what the socket has (called by the selector thread when it is readable), handles every complete
     * line, and ends the connection on end-of-file, a read error or a protocol error. Never blocks, never throws.
     */
    void readAvailable(ByteBuffer in) {
        try {
            while (failure == null) {
                in.clear();
                int n = channel.read(in);
                if (n < 0) {
                    teardown(QmpFailure.endOfFile());
                    return;
                }
                if (n == 0) {
                    return;
                }
                lines.append(in.array(), in.arrayOffset(), n);
                for (QmpLineBuffer.Line line = lines.nextLine(); line != null && failure == null;
                        line = lines.nextLine()) {
                    handle(QmpMessages.parseLine(line.bytes(), line.offset(), line.length()));
                }
            }
        } catch (QmpLineBuffer.LineTooLong | QmpMessages.ProtocolError e) {
            teardown(QmpFailure.of(ErrorCode.INTERNAL_ERROR, e.getMessage()));
        } catch (IOException e) {
            // after close() the channel is closed: teardown already happened.
            // QEMU exiting with bytes of ours unread resets the connection: that is its end, like EOF
            teardown(String.valueOf(e.getMessage()).startsWith("Connection reset") ? QmpFailure.endOfFile()
                    : QmpFailure.of(ErrorCode.OPERATION_FAILED, "Unable to read from monitor: " + describe(e)));
        } catch (RuntimeException | Error e) {
            // the selector thread serves other monitors too: end this one, keep the thread
            LOG.log(Level.ERROR, "QMP monitor reader failed on " + socket, e);
            teardown(QmpFailure.of(ErrorCode.INTERNAL_ERROR, "QEMU monitor reader failed: " + e));
        }
    }

    private void handle(JsonNode msg) throws QmpMessages.ProtocolError {
        switch (QmpMessages.Kind.of(msg)) {
            case GREETING -> greeting.complete(msg);
            case EVENT -> events.deliver(QmpMessages.event(msg));
            case REPLY -> {
                JsonNode id = msg.get("id");
                if (!pending.complete(id == null ? null : id.asText(),
                        new QmpPendingReplies.Reply(msg, events.lastRead()))) {
                    // the caller gave up (timeout) before the reply came: expected, not a protocol error
                    LOG.log(Level.DEBUG, "dropping QMP reply nobody waits for on {0}: {1}", socket, msg);
                }
            }
            case UNKNOWN -> throw QmpMessages.unknown(msg);
        }
    }

    /** Ends the connection once: records why, fails every pending call, then runs onDisconnect. */
    private void teardown(QmpFailure why) {
        boolean notify;
        synchronized (stateLock) {
            if (failure != null) {
                return;
            }
            failure = why;
            notify = established;
        }
        closeQuietly(channel);
        monitors.wakeup(); // the selector drops the closed channel (and so its descriptor) at once
        greeting.completeExceptionally(why.toException());
        pending.failAll(why);
        try {
            events.end(notify);
        } finally {
            if (ownMonitors) {
                monitors.close(); // after the delivery above was queued: it still runs
            }
        }
    }

    // ---- helpers ----

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof VirtException v) {
            // a fresh exception so the stack trace shows this caller, same code and message
            if (v instanceof QmpCommandException q) {
                return new QmpCommandException(q.command(), q.errorClass(), q.description());
            }
            return VirtException.withMessage(v.code(), v.domain(), v.getMessage());
        }
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.QEMU, String.valueOf(cause), cause);
    }

    private static void closeQuietly(SocketChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }

    private static String describe(IOException e) {
        if (e == null) {
            return "unknown error";
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
