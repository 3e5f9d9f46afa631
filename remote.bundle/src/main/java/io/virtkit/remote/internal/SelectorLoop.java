package io.virtkit.remote.internal;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One epoll selector serving many clients, led by one thread at a time (leader/followers): the leader waits in the
 * selector, reads what a client sent and answers each call itself, with no hand-off per call (a hand-off costs a
 * thread wake-up, more than most calls: see {@link SlowCallWatcher}). When a call runs long (a QEMU start), the
 * watcher makes a new thread the leader ({@link #detachIfStuck}); the stuck thread finishes its call, writes its
 * reply and ends instead of coming back to the selector. So the daemon's threads are the loops' leaders plus one
 * per call running long, whatever the number of clients connected.
 *
 * <p>Only the leader touches the clients' read buffers, so a client's packets are read in order; a call after a
 * slow one may be answered first (by the next leader), as libvirt's protocol allows (replies carry serials). A
 * client with its maximum of calls outstanding is not read until one of them ends.
 *
 * <p>The leader also writes what waits in a client's output queue when epoll reports room in its socket, without
 * waiting: no client that does not read holds up the loop. A client whose bytes are not libvirt's protocol is cut
 * off at the first packet that shows it ({@link FrameCheck}).
 */
final class SelectorLoop implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SelectorLoop.class.getName());
    private static final VarHandle CURRENT;

    static {
        try {
            CURRENT = MethodHandles.lookup().findVarHandle(SelectorLoop.class, "current", Call.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One call being answered; a new object per call, so a hand-on (compared by identity) never takes a later one. */
    private static final class Call {
        final long started;
        final Thread thread;

        Call(long started, Thread thread) {
            this.started = started;
            this.thread = thread;
        }
    }

    private final String name;
    private final Selector selector;
    private final SlowCallWatcher watcher;
    private final Consumer<RemoteClient> ended;
    /** Clients to look at before waiting in the selector again: bytes left in their buffer, closed, or unblocked. */
    private final Queue<RemoteClient> ready = new ConcurrentLinkedQueue<>();
    /** The call the leader is answering now, or null; a hand-on clears it under the leader's feet (CAS). */
    private volatile Call current;
    private final AtomicLong calls = new AtomicLong();
    private volatile boolean closed;
    /** Packets answered from the ready queue between two looks at the sockets of the other clients. */
    private static final int FAIRNESS = 64;
    private static final int IDLE = 0;
    private static final int PENDING = 1;
    private static final int FAILED = 2;
    /** Where a hand-on stands: the stuck thread must know whether a new leader took over. */
    private volatile int handOn;

    /**
     * @param ended called (on the leader, inside a watched call) for a client whose connection ended: it must
     *        forget, close and release the client
     */
    SelectorLoop(String name, SlowCallWatcher watcher, Consumer<RemoteClient> ended) throws IOException {
        this.name = name;
        this.watcher = watcher;
        this.ended = ended;
        this.selector = Selector.open();
    }

    String name() {
        return name;
    }

    /** Starts the first leader. */
    void start() {
        startLeader();
    }

    /** A new leader thread; false when none could be started. */
    boolean startLeader() {
        Thread t = new Thread(this::lead, name);
        t.setDaemon(true);
        try {
            t.start();
            return true;
        } catch (RuntimeException | OutOfMemoryError e) {
            LOG.log(Level.WARNING, "cannot start a thread for " + name, e);
            return false;
        }
    }

    /** Serves {@code client} from now on. */
    void register(RemoteClient client) throws IOException {
        client.channel().channel().register(selector, SelectionKey.OP_READ, client);
        selector.wakeup(); // the registration counts from the leader's next select
    }

    /** The key of {@code client}'s socket in this loop's selector, or null once it has none. */
    SelectionKey keyOf(RemoteClient client) {
        return client.channel().channel().keyFor(selector);
    }

    /** Makes the leader wait in the selector with the interest changed since it began (room for queued output). */
    void wakeUp() {
        selector.wakeup();
    }

    /** Makes the leader look at {@code client} soon (from any thread): closed, or its calls may be read again. */
    void requeue(RemoteClient client) {
        if (client.markQueued()) {
            ready.add(client);
            selector.wakeup();
        }
    }

    private void lead() {
        try {
            int served = 0;
            while (!closed) {
                RemoteClient c = ready.poll();
                if (c == null) {
                    selector.select(this::selected);
                    continue;
                }
                if (++served % FAIRNESS == 0) {
                    selector.selectNow(this::selected); // a client that keeps sending must not starve the others
                }
                c.unmarkQueued();
                if (!serveOne(c)) {
                    return; // another thread leads now; this one answered its slow call
                }
            }
        } catch (ClosedSelectorException e) {
            // stopped
        } catch (IOException e) {
            LOG.log(Level.SEVERE, name + ": the selector failed; its clients are no longer served", e);
        }
    }

    private void selected(SelectionKey key) {
        RemoteClient c = (RemoteClient) key.attachment();
        int ready;
        try {
            ready = key.readyOps();
        } catch (CancelledKeyException e) {
            ready = SelectionKey.OP_READ; // closed: its serveOne forgets it
        }
        if ((ready & SelectionKey.OP_WRITE) != 0) {
            c.flushOutput(); // never waits
        }
        if ((ready & ~SelectionKey.OP_WRITE) != 0 && c.markQueued()) {
            this.ready.add(c);
        }
    }

    /** Reads and answers at most one packet of {@code c}; false when this thread no longer leads. */
    private boolean serveOne(RemoteClient c) {
        SelectionKey key = c.channel().channel().keyFor(selector);
        Packet p;
        try {
            if (!c.channel().isOpen() || key == null || !key.isValid()) {
                throw new IOException("connection closed");
            }
            p = c.takeStalled();
            boolean stalled = p != null;
            if (p == null) {
                try {
                    p = c.channel().next();
                } catch (XdrException e) {
                    c.cutOff(ClientProtection.Cause.BAD_INPUT, "sent what is not libvirt's protocol: " + e.getMessage());
                    throw e;
                }
            }
            if (p == null) {
                return true;
            }
            int type = p.header().type();
            boolean stream = type == Header.STREAM || type == Header.STREAM_HOLE;
            if (type == Header.CALL || type == Header.CALL_WITH_FDS || stream) {
                if (!c.tryTakeSlot()) {
                    c.stall(p);
                    c.pauseReading(true); // no reading until a call ends (RemoteClient#releaseSlot requeues it)
                    return true;
                }
                if (stalled) {
                    c.pauseReading(false);
                }
                requeueIfMore(c);
                if (stream) {
                    c.acceptStream(p); // queued for its stream, handled on a worker
                    return true;
                }
                Packet call = p;
                return watched(() -> c.answerCall(call));
            }
            requeueIfMore(c);
            c.answerInline(p); // keepalive and stray replies: cheap, never blocking
            return true;
        } catch (IOException | XdrException | CancelledKeyException e) {
            LOG.log(Level.FINE, "client {0} ended: {1}", new Object[] {c.id(), e.getMessage()});
            return watched(() -> ended.accept(c)); // closing a session may take time (autodestroy)
        }
    }

    private void requeueIfMore(RemoteClient c) {
        if (c.channel().hasMore() && c.markQueued()) {
            ready.add(c);
        }
    }

    /** Runs {@code work} as a call the watcher sees; false when the watcher made another thread the leader meanwhile. */
    private boolean watched(Runnable work) {
        Call running = new Call(System.nanoTime(), Thread.currentThread());
        current = running;
        watcher.callStarted();
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, name + ": a client's call failed", e);
        } finally {
            calls.incrementAndGet();
        }
        if (CURRENT.compareAndSet(this, running, null)) {
            return true;
        }
        int state;
        while ((state = handOn) == PENDING) {
            Thread.onSpinWait(); // the watcher is starting the next leader
        }
        watcher.slowCallEnded();
        if (state == FAILED) {
            handOn = IDLE;
            rename(Thread.currentThread(), name);
            return true;
        }
        return false;
    }

    /** Whether the leader is inside a call now. */
    boolean inCall() {
        return current != null;
    }

    long callCount() {
        return calls.get();
    }

    /**
     * Makes a new thread the leader when the present one has been inside one call since before {@code now - slow}:
     * that thread ends once its call is answered. False when there is no such call, or it ended just now (its
     * thread leads on).
     */
    boolean handOnIfStuck(long now, long slow) {
        Call c = current;
        if (c == null || now - c.started < slow) {
            return false;
        }
        handOn = PENDING;
        if (!CURRENT.compareAndSet(this, c, null)) {
            handOn = IDLE;
            return false;
        }
        rename(c.thread, name + "-slow-call");
        handOn = startLeader() ? IDLE : FAILED; // failed: the stuck thread leads on once out of its call
        return true;
    }

    private static void rename(Thread t, String to) {
        try {
            t.setName(to);
        } catch (SecurityException e) {
            // the name is only for people
        }
    }

    /** Stops leading: the leader ends once out of its call; clients still registered are the caller's to close. */
    @Override
    public void close() {
        closed = true;
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing " + name + " failed", e);
        }
    }
}
