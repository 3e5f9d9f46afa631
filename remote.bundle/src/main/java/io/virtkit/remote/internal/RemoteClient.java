package io.virtkit.remote.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.admin.ClientInfo;

/**
 * One connected client: its socket, its session, how many calls it has outstanding, and the ordered
 * queue of events waiting to be written to it. Replies and events share one write lock so packets
 * never interleave on the wire.
 */
final class RemoteClient implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RemoteClient.class.getName());
    private static final VarHandle CURRENT;

    static {
        try {
            CURRENT = MethodHandles.lookup().findVarHandle(RemoteClient.class, "current", Call.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One call being answered; a new object per call, so a hand-on (compared by identity) never takes a later one. */
    private static final class Call {
        final long started;

        Call(long started) {
            this.started = started;
        }
    }

    /** A client that lets this many events pile up unread is not reading at all: it is disconnected. */
    static final int MAX_PENDING_EVENTS = 10_000;

    private final long id;
    private final ListenAddress listener;
    private final String peer;
    private final Instant connectedAt = Instant.now();
    private final ClientChannel channel;
    private final RemoteSession session;
    private final Semaphore slots;
    private final Executor workers;
    private final SlowCallWatcher watcher;
    /** The socket's input, read by one thread at a time: the reader, or after a hand-on its successor. */
    private final InputStream in;
    /** The call the reader is answering now, or null; a hand-on clears it under the reader's feet (CAS). */
    private volatile Call current;
    private final AtomicLong calls = new AtomicLong();
    private final Object writeLock = new Object();
    private final Queue<Packet> events = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingEvents = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    RemoteClient(long id, ListenAddress listener, String peer, ClientChannel channel, ConnectionFactory factory,
            int maxRequests, Executor workers, SlowCallWatcher watcher) {
        this.id = id;
        this.listener = listener;
        this.peer = peer;
        this.channel = channel;
        this.slots = new Semaphore(maxRequests);
        this.workers = workers;
        this.watcher = watcher;
        this.in = channel.input();
        this.session = new RemoteSession(factory, listener.readOnly(), listener.path() != null, this::queueEvent);
    }

    long id() {
        return id;
    }

    ListenAddress listener() {
        return listener;
    }

    RemoteSession session() {
        return session;
    }

    ClientInfo info() {
        return new ClientInfo(id, listener.transport(), peer, listener.readOnly(), connectedAt,
                Optional.ofNullable(session.uri()), calls.get());
    }

    /**
     * Reads packets and answers them on this thread until the client goes (true) or, while this thread was
     * inside a slow call, the {@link SlowCallWatcher} handed the reading to another thread (false: this
     * thread sends its reply and is done). Every call is answered on the thread that read it: a hand-off
     * to a worker costs a thread wake-up, more than most calls (see {@link SlowCallWatcher}). A call waits
     * while the client already has its maximum outstanding: the reader then stops reading, as libvirtd
     * does, and the client's own socket buffer applies the back-pressure.
     *
     * @throws IOException when the connection fails or ends inside a packet
     * @throws XdrException when the client breaks the framing
     */
    boolean readAndAnswer() throws IOException, InterruptedException {
        Packet packet;
        while (!closed.get() && (packet = Packet.read(in)) != null) {
            int type = packet.header().type();
            if (type == Header.CALL || type == Header.CALL_WITH_FDS) {
                if (!answerCall(packet)) {
                    return false;
                }
            } else {
                answerInline(packet); // keepalive, stray replies and streams: cheap, never blocking
            }
        }
        return true;
    }

    /** @return whether this thread still reads for the client (false: the watcher handed reading on) */
    private boolean answerCall(Packet call) throws InterruptedException {
        slots.acquire();
        Call running = new Call(System.nanoTime());
        current = running;
        watcher.callStarted();
        try {
            Packet reply = session.handle(call);
            if (reply != null) {
                send(reply);
            }
        } finally {
            calls.incrementAndGet();
            slots.release();
        }
        return CURRENT.compareAndSet(this, running, null);
    }

    /** Whether the reader is inside a call now. */
    boolean inCall() {
        return current != null;
    }

    /**
     * Takes the reading away from a reader that has been inside one call since before {@code now - slow}: the
     * caller must then start a new reader ({@link #readAndAnswer()}). False when there is no such call, or it
     * ended just now (its thread reads on).
     */
    boolean detachIfStuck(long now, long slow) {
        Call c = current;
        return c != null && now - c.started >= slow && CURRENT.compareAndSet(this, c, null);
    }

    long callCount() {
        return calls.get();
    }

    /** Answers a packet that is not a call: keepalive and other cheap, non-blocking packets. */
    private void answerInline(Packet packet) {
        Packet reply = session.handle(packet);
        if (reply != null) {
            send(reply);
        }
    }

    /** Events keep their order: one drain at a time per client, on a worker thread, never the driver's. */
    private void queueEvent(Packet event) {
        if (closed.get()) {
            return;
        }
        if (pendingEvents.incrementAndGet() > MAX_PENDING_EVENTS) {
            LOG.log(Level.WARNING, "client {0} does not read its events; disconnecting it", id);
            // only the socket, here on the driver's event thread: the reader then closes the session,
            // whose connection may destroy autodestroy domains, which must not hold up everybody's events
            closeSocket();
            return;
        }
        events.add(event);
        scheduleDrain();
    }

    private void scheduleDrain() {
        if (draining.compareAndSet(false, true)) {
            try {
                workers.execute(this::drainEvents);
            } catch (RuntimeException e) {
                draining.set(false);
            }
        }
    }

    private void drainEvents() {
        Packet next;
        while ((next = events.poll()) != null) {
            pendingEvents.decrementAndGet();
            send(next);
        }
        draining.set(false);
        if (!events.isEmpty()) {
            scheduleDrain();
        }
    }

    /** Writes one whole packet; a client that went away is closed, never an error for the caller. */
    void send(Packet packet) {
        if (closed.get()) {
            return;
        }
        ByteBuffer wire = ByteBuffer.wrap(packet.encode());
        try {
            synchronized (writeLock) {
                channel.write(wire);
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "client {0} went away while being written to: {1}", new Object[] {id, e.getMessage()});
            close();
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    private void closeSocket() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing client socket failed", e);
        }
    }

    /** Frees the socket's descriptors for good: once no thread reads for the client any more. */
    void release() {
        channel.releaseSelectors();
    }

    /** Closes the socket and the session (its connection and event callbacks). Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing client socket failed", e);
        }
        events.clear();
        try {
            session.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "closing the session of client " + id + " failed", e);
        }
    }
}
