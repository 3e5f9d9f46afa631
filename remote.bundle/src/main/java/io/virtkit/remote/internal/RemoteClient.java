package io.virtkit.remote.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
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

    /** A client that lets this many events pile up unread is not reading at all: it is disconnected. */
    static final int MAX_PENDING_EVENTS = 10_000;

    private final long id;
    private final ListenAddress listener;
    private final String peer;
    private final Instant connectedAt = Instant.now();
    private final SocketChannel channel;
    private final RemoteSession session;
    private final Semaphore slots;
    private final Executor workers;
    private final AtomicLong calls = new AtomicLong();
    private final Object writeLock = new Object();
    private final Queue<Packet> events = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingEvents = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    RemoteClient(long id, ListenAddress listener, String peer, SocketChannel channel, ConnectionFactory factory,
            int maxRequests, Executor workers) {
        this.id = id;
        this.listener = listener;
        this.peer = peer;
        this.channel = channel;
        this.slots = new Semaphore(maxRequests);
        this.workers = workers;
        this.session = new RemoteSession(factory, listener.readOnly(), listener.path() != null, this::queueEvent);
    }

    long id() {
        return id;
    }

    ListenAddress listener() {
        return listener;
    }

    SocketChannel channel() {
        return channel;
    }

    RemoteSession session() {
        return session;
    }

    ClientInfo info() {
        return new ClientInfo(id, listener.transport(), peer, listener.readOnly(), connectedAt,
                Optional.ofNullable(session.uri()), calls.get());
    }

    /**
     * Answers {@code call}. Procedures that change nothing (lookups, state, info, XML, lists) and
     * procedures Virtkit does not know are answered on the reader's own thread: they do not block, and a
     * hand-off to a worker would cost more than the call (two thread wake-ups per call, which
     * dominated the daemon's time in the remote benchmark). Mutating procedures, which may wait for a
     * hypervisor (a QEMU start), run on a worker, so one client can have several outstanding and get the
     * replies out of order; this is libvirt's split between its priority and ordinary workers. Blocks
     * while the client already has its maximum of calls outstanding: the reader then stops reading, as
     * libvirtd does, and the client's own socket buffer applies the back-pressure.
     */
    void dispatch(Packet call) throws InterruptedException {
        Procedure procedure = call.header().program() == RemoteSession.REMOTE_PROGRAM
                ? Procedure.of(call.header().procedure()) : null;
        if (procedure == null || !procedure.mutates()) {
            try {
                answerInline(call);
            } finally {
                calls.incrementAndGet();
            }
            return;
        }
        slots.acquire();
        try {
            workers.execute(() -> {
                try {
                    Packet reply = session.handle(call);
                    if (reply != null) {
                        send(reply);
                    }
                } finally {
                    calls.incrementAndGet();
                    slots.release();
                }
            });
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
    }

    /** Answers a packet on the reader's own thread: keepalive and other cheap, non-blocking packets. */
    void answerInline(Packet packet) {
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
                while (wire.hasRemaining()) {
                    channel.write(wire);
                }
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
