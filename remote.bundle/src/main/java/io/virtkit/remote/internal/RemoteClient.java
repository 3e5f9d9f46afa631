package io.virtkit.remote.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.time.Instant;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.virtkit.api.ClientIdentity;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.admin.ClientInfo;

/**
 * One connected client: its socket, its session, how many calls it has outstanding, and the ordered
 * queue of events waiting to be written to it. Replies and events go through the channel's output queue, whole
 * packets in order, never waiting for the client; stream packets wait for room (their flow control). A client that
 * breaks the limits of its {@link ClientProtection} is cut off: its socket closed, its loop then forgets it.
 */
final class RemoteClient implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RemoteClient.class.getName());
    /** A client that lets this many events pile up unread is not reading at all: it is disconnected. */
    static final int MAX_PENDING_EVENTS = 10_000;

    private final long id;
    private final ListenAddress listener;
    private final String peer;
    private final Instant connectedAt = Instant.now();
    private final ClientChannel channel;
    private final RemoteSession session;
    private final int maxRequests;
    private final Object slotLock = new Object();
    private int outstanding; // guarded by slotLock
    private boolean waitingForSlot; // guarded by slotLock
    /** A call read while the client had its maximum outstanding; only the loop's leader touches it. */
    private Packet stalled;
    private final Executor workers;
    private final SelectorLoop loop;
    /** Whether the client is in its loop's ready queue. */
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicLong calls = new AtomicLong();
    private final ClientProtection protection;
    private final ClientProtection.PeerPlace place;
    /** Event registrations one at a time, so that the count checked is the count kept. */
    private final Object registrationLock = new Object();
    /** Whether the client was cut off (counted once, for its first cause). */
    private final AtomicBoolean cut = new AtomicBoolean();
    private final Object interestLock = new Object();
    private boolean readPaused; // guarded by interestLock
    private final Queue<Packet> events = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingEvents = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final StreamTable streams;

    RemoteClient(long id, ListenAddress listener, String peer, ClientIdentity identity, ClientChannel channel,
            ConnectionFactory factory, int maxRequests, Executor workers, SelectorLoop loop, ClientProtection protection,
            ClientProtection.PeerPlace place) {
        this.id = id;
        this.protection = protection;
        this.place = place;
        this.listener = listener;
        this.peer = peer;
        this.channel = channel;
        this.maxRequests = maxRequests;
        this.workers = workers;
        this.loop = loop;
        this.session = new RemoteSession(factory, listener.readOnly(), listener.secure(), identity,
                listener.roleOf(channel.channel(), identity), this::queueEvent);
        this.streams = new StreamTable(new StreamOutput() {
            @Override
            public void send(Packet packet) {
                sendAndWait(packet);
            }

            @Override
            public void closeClient() {
                closeSocket();
            }
        }, workers);
        session.attachStreams(streams);
        channel.whenOutputQueued(this::outputQueued);
        session.attachLocalAddress(localInetAddress(channel));
    }

    /** The address of the client's socket on this host, or null when it is no IP socket (a UNIX socket). */
    private static InetAddress localInetAddress(ClientChannel channel) {
        try {
            return channel.channel().getLocalAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        } catch (IOException e) {
            return null; // a socket already closed: it will get no call either
        }
    }

    /** The client's open streams (storage upload and download). */
    StreamTable streams() {
        return streams;
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

    ClientChannel channel() {
        return channel;
    }

    SelectorLoop loop() {
        return loop;
    }

    /** Puts the client in its loop's ready queue unless it is there already: true when the caller must add it. */
    boolean markQueued() {
        return queued.compareAndSet(false, true);
    }

    void unmarkQueued() {
        queued.set(false);
    }

    /**
     * Takes one of the client's call slots, or notes that the client waits for one: its loop then stops reading
     * from it, as libvirtd does, and the client's own socket buffer applies the back-pressure.
     */
    boolean tryTakeSlot() {
        synchronized (slotLock) {
            if (outstanding < maxRequests) {
                outstanding++;
                return true;
            }
            waitingForSlot = true;
            return false;
        }
    }

    private void releaseSlot() {
        boolean wake;
        synchronized (slotLock) {
            outstanding--;
            wake = waitingForSlot;
            waitingForSlot = false;
        }
        if (wake) {
            loop.requeue(this);
        }
    }

    /** Keeps a call read while no slot was free, for when one is. */
    void stall(Packet call) {
        stalled = call;
    }

    Packet takeStalled() {
        Packet p = stalled;
        stalled = null;
        return p;
    }

    /** Answers one call, its slot already taken, on the calling thread (its loop's leader). */
    void answerCall(Packet call) {
        try {
            if (EventProcedures.registers(call.header())) {
                answerRegistration(call);
                return;
            }
            Packet reply = session.handle(call);
            if (reply != null) {
                send(reply);
                streams.replied(reply.header()); // a stream the call opened goes, or goes away with its error
            }
        } catch (RuntimeException | StackOverflowError e) {
            // no reply to give: the client would wait for it forever, so it goes, as when its reader failed
            LOG.log(Level.WARNING, "client session failed", e);
            close();
        } finally {
            calls.incrementAndGet();
            releaseSlot();
        }
    }

    /**
     * An event registration: refused beyond the client's maximum, and the client cut off. libvirt's own clients
     * register one callback per event and filter with the daemon whatever their program registers, so a client at
     * the maximum is one registering in a loop; it gets an error naming the limit first (a program that means well
     * learns why), then the connection closes (one that does not would go on calling).
     */
    private void answerRegistration(Packet call) {
        int max = protection.settings().maxEventCallbacks();
        Packet reply;
        boolean refused;
        synchronized (registrationLock) {
            refused = session.eventRegistrations() >= max;
            if (!refused) {
                reply = session.handle(call);
            } else {
                reply = new Packet(call.header().reply(Header.ERROR), RemoteSession.error(ErrorCode.RPC.number(),
                        ErrorDomain.RPC.number(), ErrorCode.RPC.message("the client has registered its maximum of "
                                + max + " event callbacks (maxEventCallbacks); closing its connection")));
            }
        }
        send(reply);
        if (refused) {
            cutOff(ClientProtection.Cause.CALLBACKS, "registered its maximum of " + max + " event callbacks");
        }
    }

    long callCount() {
        return calls.get();
    }

    /**
     * Hands a stream packet, its slot already taken, to its stream; the slot is freed once the stream has handled
     * it, so a client whose stream lags fills its slots and is no longer read (libvirtd's flow control).
     */
    void acceptStream(Packet packet) {
        streams.route(packet, () -> {
            // the stream is done with the packet: its body may carry the next one, unless the streams are done too
            StreamBodies bodies = channel.bodies();
            bodies.recycle(packet.body());
            if (streams.size() == 0) {
                bodies.clear();
            }
            releaseSlot();
        });
    }

    /** Answers a packet that is not a call: keepalive and other cheap, non-blocking packets. */
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
            // only the socket, here on the driver's event thread: the loop then closes the session,
            // whose connection may destroy autodestroy domains, which must not hold up everybody's events
            cutOff(ClientProtection.Cause.UNREAD_REPLIES, "let " + MAX_PENDING_EVENTS + " events pile up unsent");
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

    /**
     * Hands one whole packet to the client's socket without waiting for the client: queued when the socket is full.
     * A client that went away is closed, one that leaves more than its limit unread is cut off; never an error for
     * the caller.
     */
    void send(Packet packet) {
        if (closed.get() || cut.get()) {
            return;
        }
        long limit = protection.settings().maxUnreadReplyBytes();
        ClientOutput.Offer offered;
        try {
            offered = channel.offer(packet.wire(), limit);
        } catch (IOException e) {
            LOG.log(Level.FINE, "client {0} went away while being written to: {1}", new Object[] {id, e.getMessage()});
            close();
            return;
        }
        switch (offered) {
            case QUEUED -> outputQueued();
            case OVER_LIMIT -> cutOff(ClientProtection.Cause.UNREAD_REPLIES,
                    "left more than " + limit + " bytes of replies and events unread");
            case STALLED -> cutOff(ClientProtection.Cause.UNREAD_REPLIES, "read none of its replies for "
                    + TimeUnit.NANOSECONDS.toMillis(ClientChannel.WRITE_STALL) + " ms");
            default -> {
                // on the socket
            }
        }
    }

    /** A stream's packet: returns once it is on the socket (the stream's next waits for it: its flow control). */
    private void sendAndWait(Packet packet) {
        if (closed.get() || cut.get()) {
            return;
        }
        try {
            channel.write(packet.wire());
        } catch (IOException e) {
            LOG.log(Level.FINE, "client {0} went away while being written to: {1}", new Object[] {id, e.getMessage()});
            close();
        }
    }

    /** Bytes were queued for the socket: the loop watches it for room. */
    private void outputQueued() {
        updateInterest();
        loop.wakeUp(); // the leader may be waiting in the selector with the old interest
    }

    /** The loop saw room in the socket: writes what is queued, as far as it goes now. Never waits. */
    void flushOutput() {
        try {
            channel.flush();
        } catch (IOException e) {
            LOG.log(Level.FINE, "client {0} went away while being written to: {1}", new Object[] {id, e.getMessage()});
            closeSocket();
            return;
        }
        updateInterest();
    }

    /** Stops (or resumes) reading the client's calls: while it has its maximum outstanding. On the loop's leader. */
    void pauseReading(boolean paused) {
        synchronized (interestLock) {
            readPaused = paused;
        }
        updateInterest();
    }

    /** The socket's epoll interest from the client's state: reading unless paused, room while output waits. */
    private void updateInterest() {
        synchronized (interestLock) {
            SelectionKey key = loop.keyOf(this);
            if (key == null) {
                return;
            }
            int ops = (readPaused ? 0 : SelectionKey.OP_READ) | (channel.hasOutput() ? SelectionKey.OP_WRITE : 0);
            try {
                key.interestOps(ops);
            } catch (CancelledKeyException e) {
                // the client is going
            }
        }
    }

    /**
     * Cuts the client off for {@code cause}: its socket closed here (its loop then closes its session), counted once.
     */
    void cutOff(ClientProtection.Cause cause, String why) {
        if (cut.compareAndSet(false, true)) {
            protection.cutOff(cause);
            // counted for virt:srv-info; not a fault of the daemon
            LOG.log(Level.INFO, "client {0} ({1}) cut off: it {2}", new Object[] {id, peer, why});
        }
        closeSocket();
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
        loop.requeue(this); // its leader forgets the client
    }

    /** Frees the write selector's descriptor and the client's place among its peer's: once the loop has dropped it. */
    void release() {
        channel.releaseSelectors();
        place.close();
    }

    /** Closes the socket and the session (its connection and event callbacks). Idempotent. */
    @Override
    public void close() {
        closeIfOpen();
    }

    /**
     * {@link #close()}, telling whether this call closed the client: false when it was closed already (by an
     * operator's disconnect, a failed write, its session failing), so that of two concurrent disconnects only one
     * is told it dropped the client.
     */
    boolean closeIfOpen() {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing client socket failed", e);
        }
        events.clear();
        loop.requeue(this); // its leader forgets the client
        streams.closeAll();
        try {
            session.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "closing the session of client " + id + " failed", e);
        }
        return true;
    }
}
