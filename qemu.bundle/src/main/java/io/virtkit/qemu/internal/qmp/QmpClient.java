package io.virtkit.qemu.internal.qmp;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** QEMU answers within milliseconds once the socket exists; a little grace past a tight deadline. */
    private static final Duration MIN_HANDSHAKE_WAIT = Duration.ofMillis(500);
    private static final long RETRY_SLEEP_MAX_MS = 50;
    private static final String ID_PREFIX = "virtkit-";

    private final Path socket;
    private final SocketChannel channel;
    private final Consumer<QmpEvent> events;
    private final Runnable onDisconnect;
    /** Completed once the last event and onDisconnect have been delivered. */
    private final CompletableFuture<Void> disconnected = new CompletableFuture<>();
    private final int maxLineBytes;
    /** Delivers events and onDisconnect, in order, one at a time. */
    private final QmpMonitors.Serial dispatcher;
    private final QmpMonitors monitors;
    /** The client's own monitors (closed with it) when connect was given none. */
    private final boolean ownMonitors;
    /** The line being read; touched by the selector thread only. */
    private byte[] line = new byte[1024];
    private int lineLength;
    private final AtomicLong nextId = new AtomicLong();
    private final Map<String, CompletableFuture<Reply>> pending = new ConcurrentHashMap<>();
    /** Numbers events so a command can wait for those sent before its reply. */
    private final QmpEventSequence eventOrder = new QmpEventSequence();
    private final CompletableFuture<JsonNode> greeting = new CompletableFuture<>();
    private final Object writeLock = new Object();
    private final Object stateLock = new Object();

    /** Why the connection ended; null while connected. Guarded by stateLock for writes. */
    private volatile Failure failure;
    /** True once connect() returned the client: only then does onDisconnect run. */
    private boolean established;
    private volatile long qemuVersion;

    /** A reply and the number of the last event QEMU sent before it (0: none). */
    private record Reply(JsonNode message, long eventsBefore) {
    }

    /** Why the connection ended, kept as code + message so each caller gets its own exception. */
    private record Failure(ErrorCode code, String message) {
        VirtException toException() {
            return VirtException.withMessage(code, ErrorDomain.QEMU, message);
        }
    }

    private QmpClient(Path socket, SocketChannel channel, Consumer<QmpEvent> events, Runnable onDisconnect,
            int maxLineBytes, QmpMonitors shared) {
        this.socket = socket;
        this.channel = channel;
        this.events = events == null ? e -> { } : events;
        this.onDisconnect = onDisconnect == null ? () -> { } : onDisconnect;
        this.maxLineBytes = maxLineBytes;
        this.ownMonitors = shared == null;
        this.monitors = shared != null ? shared : new QmpMonitors("qmp-reader " + socket, "qmp-events " + socket, 1);
        this.dispatcher = monitors.newSerialExecutor();
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
        if (maxLineBytes < 1024) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU,
                    "QMP line limit must be at least 1024 bytes, got " + maxLineBytes);
        }
        long deadline = System.nanoTime() + connectTimeout.toNanos();
        SocketChannel channel = openChannel(socket, connectTimeout, deadline);
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

    private static SocketChannel openChannel(Path socket, Duration connectTimeout, long deadline) {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(socket);
        long sleepMs = 2;
        IOException last;
        while (true) {
            SocketChannel ch = null;
            try {
                ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                ch.connect(address);
                return ch;
            } catch (IOException e) {
                // QEMU creates and listens on the socket a little after it starts: absent or refusing
                // is normal for a while, so retry until the deadline
                last = e;
                closeQuietly(ch);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                Thread.sleep(Math.min(sleepMs, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.QEMU,
                        "interrupted while connecting to monitor socket '" + socket + "'");
            }
            sleepMs = Math.min(RETRY_SLEEP_MAX_MS, sleepMs * 2);
        }
        throw new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.QEMU,
                "failed to connect to monitor socket '" + socket + "' within " + connectTimeout.toMillis()
                        + " ms: " + describe(last));
    }

    private void handshake(long deadline) {
        JsonNode hello;
        try {
            hello = greeting.get(handshakeWait(deadline), TimeUnit.NANOSECONDS);
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
        JsonNode v = hello.path("QMP").path("version").path("qemu");
        qemuVersion = v.path("major").asLong() * 1_000_000 + v.path("minor").asLong() * 1_000
                + v.path("micro").asLong();
        execute("qmp_capabilities", null, Duration.ofNanos(handshakeWait(deadline)));
        synchronized (stateLock) {
            Failure f = failure;
            if (f != null) {
                throw f.toException();
            }
            established = true;
        }
    }

    private static long handshakeWait(long deadline) {
        return Math.max(MIN_HANDSHAKE_WAIT.toNanos(), deadline - System.nanoTime());
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
        ObjectNode request = MAPPER.createObjectNode();
        request.put("execute", command);
        if (arguments != null && !arguments.isEmpty()) {
            JsonNode args;
            try {
                args = MAPPER.valueToTree(arguments);
            } catch (IllegalArgumentException e) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU,
                        "cannot convert arguments of QEMU command '" + command + "' to JSON: " + e.getMessage());
            }
            request.set("arguments", args);
        }
        JsonNode reply = call(request, command, timeout);
        JsonNode error = reply.get("error");
        if (error != null) {
            throw new QmpCommandException(command, error.path("class").asText("GenericError"),
                    error.path("desc").asText("unknown error"));
        }
        JsonNode ret = reply.get("return");
        return ret != null ? ret : MAPPER.createObjectNode();
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
        JsonNode parsed;
        try {
            parsed = MAPPER.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU,
                    "cannot parse json " + json + ": " + firstLine(e.getOriginalMessage()));
        }
        if (parsed == null || !parsed.isObject() || !parsed.path("execute").isTextual()) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU,
                    "QMP command must be a JSON object with a string 'execute' member: " + json);
        }
        ObjectNode request = (ObjectNode) parsed;
        JsonNode callerId = request.remove("id");
        ObjectNode reply = call(request, request.get("execute").asText(), timeout).deepCopy();
        reply.remove("id");
        if (callerId != null) {
            reply.set("id", callerId);
        }
        try {
            return MAPPER.writeValueAsString(reply);
        } catch (JsonProcessingException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.QEMU, e.getOriginalMessage());
        }
    }

    /** Sends {@code request} with a fresh id and waits for the reply carrying it. */
    private JsonNode call(ObjectNode request, String command, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        String id = ID_PREFIX + nextId.incrementAndGet();
        request.put("id", id);
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        Failure f = failure;
        if (f != null) {
            throw f.toException();
        }
        pending.put(id, reply);
        // teardown sets failure before draining pending: either it sees our entry, or we see its failure
        f = failure;
        if (f != null) {
            pending.remove(id);
            throw f.toException();
        }
        try {
            byte[] bytes = (MAPPER.writeValueAsString(request) + "\r\n").getBytes(StandardCharsets.UTF_8);
            send(bytes);
            Reply r = reply.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            awaitEventsFinished(r.eventsBefore(), command, timeout);
            return r.message();
        } catch (JsonProcessingException e) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU, e.getOriginalMessage());
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
            pending.remove(id);
        }
    }

    /** Waits (bounded) until the sink has handled every event sent before a reply: see the class comment. */
    private void awaitEventsFinished(long number, String command, Duration timeout) {
        try {
            if (!eventOrder.await(number, Math.max(0, timeout.toNanos()))) {
                LOG.log(Level.WARNING, "QEMU command ''{0}'' on {1}: the events sent before its reply were not "
                        + "handled within {2} ms; returning its reply without them", command, socket,
                        timeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the command did run: return its reply, keep the flag
        }
    }

    private void send(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        synchronized (writeLock) {
            try {
                while (buffer.hasRemaining()) {
                    if (channel.write(buffer) == 0) {
                        // non-blocking socket, QEMU's receive buffer full: it reads it soon
                        java.util.concurrent.locks.LockSupport.parkNanos(100_000);
                    }
                }
            } catch (IOException e) {
                teardown(new Failure(ErrorCode.OPERATION_FAILED, ErrorCode.OPERATION_FAILED
                        .message("Unable to write to monitor: " + describe(e))));
            }
        }
        Failure f = failure;
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
        try {
            disconnected.get(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }

    /** Closes the connection: pending calls fail at once, {@code onDisconnect} runs once. Never blocks. */
    @Override
    public void close() {
        teardown(new Failure(ErrorCode.OPERATION_FAILED,
                ErrorCode.OPERATION_FAILED.message("QEMU monitor was closed")));
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
                    teardown(endOfFile());
                    return;
                }
                if (n == 0) {
                    return;
                }
                byte[] data = in.array();
                for (int i = 0; i < n; i++) {
                    byte b = data[i];
                    if (b == '\n') {
                        handleLine(line, lineLength);
                        lineLength = 0;
                        if (line.length > 1024 * 1024) {
                            line = new byte[1024]; // do not keep a huge buffer after one huge reply
                        }
                        if (failure != null) {
                            return;
                        }
                    } else {
                        if (lineLength == maxLineBytes) {
                            fatal("QEMU monitor sent a line longer than " + maxLineBytes + " bytes");
                            return;
                        }
                        if (lineLength == line.length) {
                            line = Arrays.copyOf(line, (int) Math.min(maxLineBytes, 2L * line.length));
                        }
                        line[lineLength++] = b;
                    }
                }
            }
        } catch (IOException e) {
            // after close() the channel is closed: teardown already happened.
            // QEMU exiting with bytes of ours unread resets the connection: that is its end, like EOF
            teardown(String.valueOf(e.getMessage()).startsWith("Connection reset") ? endOfFile()
                    : new Failure(ErrorCode.OPERATION_FAILED,
                            ErrorCode.OPERATION_FAILED.message("Unable to read from monitor: " + describe(e))));
        } catch (RuntimeException | Error e) {
            // the selector thread serves other monitors too: end this one, keep the thread
            LOG.log(Level.ERROR, "QMP monitor reader failed on " + socket, e);
            teardown(new Failure(ErrorCode.INTERNAL_ERROR,
                    ErrorCode.INTERNAL_ERROR.message("QEMU monitor reader failed: " + e)));
        }
    }

    private void handleLine(byte[] line, int len) {
        int end = len;
        if (end > 0 && line[end - 1] == '\r') {
            end--;
        }
        if (end == 0) {
            return;
        }
        JsonNode msg;
        try {
            msg = MAPPER.readTree(line, 0, end);
        } catch (IOException e) {
            fatal("cannot parse json " + abbreviate(new String(line, 0, end, StandardCharsets.UTF_8)) + ": "
                    + firstLine(e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage()));
            return;
        }
        if (msg == null || !msg.isObject()) {
            fatal("Unknown JSON reply '" + abbreviate(String.valueOf(msg)) + "'");
        } else if (msg.has("QMP")) {
            greeting.complete(msg);
        } else if (msg.has("event")) {
            dispatchEvent(msg);
        } else if (msg.has("return") || msg.has("error")) {
            JsonNode id = msg.get("id");
            CompletableFuture<Reply> waiter = id == null ? null : pending.remove(id.asText());
            if (waiter != null) {
                waiter.complete(new Reply(msg, eventOrder.lastRead()));
            } else {
                // the caller gave up (timeout) before the reply came: expected, not a protocol error
                LOG.log(Level.DEBUG, "dropping QMP reply nobody waits for on {0}: {1}", socket, msg);
            }
        } else {
            fatal("Unknown JSON reply '" + abbreviate(msg.toString()) + "'");
        }
    }

    private void dispatchEvent(JsonNode msg) {
        JsonNode ts = msg.path("timestamp");
        long micros = ts.path("seconds").asLong() * 1_000_000 + ts.path("microseconds").asLong();
        JsonNode data = msg.get("data");
        QmpEvent event = new QmpEvent(msg.path("event").asText(), data != null ? data : MAPPER.createObjectNode(),
                micros);
        long number = eventOrder.read();
        try {
            dispatcher.execute(() -> eventOrder.deliver(number, () -> {
                try {
                    events.accept(event);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "QMP event sink failed on " + event.name() + " from " + socket, e);
                }
            }));
        } catch (RejectedExecutionException e) {
            // closed concurrently: events after the end are not delivered, so nobody may wait for this one
            eventOrder.finished(number);
        }
    }

    private static Failure endOfFile() {
        return new Failure(ErrorCode.OPERATION_FAILED, ErrorCode.OPERATION_FAILED.message("End of file from qemu monitor"));
    }

    private void fatal(String detail) {
        teardown(new Failure(ErrorCode.INTERNAL_ERROR, ErrorCode.INTERNAL_ERROR.message(detail)));
    }

    /** Ends the connection once: records why, fails every pending call, then runs onDisconnect. */
    private void teardown(Failure why) {
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
        for (CompletableFuture<Reply> waiter : pending.values()) {
            waiter.completeExceptionally(why.toException());
        }
        try {
            dispatcher.execute(() -> {
                try {
                    if (notify) {
                        onDisconnect.run();
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "QMP disconnect handler failed for " + socket, e);
                } finally {
                    disconnected.complete(null);
                    eventOrder.finishAll(); // nothing more will be delivered: release every waiter
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            disconnected.complete(null);
            eventOrder.finishAll();
        } finally {
            dispatcher.shutdown();
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

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
