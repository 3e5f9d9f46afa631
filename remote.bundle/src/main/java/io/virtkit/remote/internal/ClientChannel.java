package io.virtkit.remote.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A client's socket in non-blocking mode, read by its {@link SelectorLoop} when epoll reports it readable
 * (the loop's one selector serves many clients). Why epoll rather than a blocking {@code read}: a thread blocked
 * in {@code read} on a UNIX socket is woken not only by the client's next call but also each time the client
 * reads a reply (the kernel announces the freed send space on the same wait queue); epoll wakes only for what it
 * was asked to watch ({@code EPOLLIN} here): one wake-up per call, as libvirtd's poll loop.
 *
 * <p>One thread reads at a time (the loop's leader). A packet for the client goes through its {@link ClientOutput}:
 * written at once while the socket has room, else queued for the loop to write once epoll reports room
 * ({@link #offer}, for replies and events: nobody waits for a client that does not read). A stream's packets wait
 * until they are on the socket instead ({@link #write}): a full socket then waits in a selector of its own for
 * {@code EPOLLOUT}, as a blocking write would, and so holds the stream back. The bytes pass through a
 * {@link ChannelTransport}: as they are, or TLS.
 *
 * <p>What a client sends is checked as soon as a packet's length and header have arrived ({@link FrameCheck}): the
 * buffer grows for a packet's body only once its header is libvirt's, so junk is never buffered.
 */
final class ClientChannel implements AutoCloseable {
    /**
     * What a client's buffer starts with, and shrinks back to: at once after a packet larger than a stream's, after
     * {@value #SHRINK_AFTER} small ones in a row after stream packets.
     */
    private static final int BUFFER = 16 * 1024;
    /** How many small packets in a row give a large buffer back. */
    private static final int SHRINK_AFTER = 4;
    /** The largest buffer kept across packets: one full stream data packet. */
    private static final int STREAM_BUFFER = Packet.LENGTH_SIZE + Header.SIZE + StreamPacket.DATA_MAX;
    private static final Consumer<SelectionKey> IGNORE = key -> { };
    /**
     * How long a reply may wait for room in a client's socket before the client is dropped: far beyond what a
     * client reading its socket needs, below the 30 s after which libvirt's keepalive gives up on a peer.
     */
    static final long WRITE_STALL = TimeUnit.SECONDS.toNanos(10);

    private static final ByteBuffer[] NOTHING = {ByteBuffer.allocate(0)};

    private final SocketChannel channel;
    private final ChannelTransport transport;
    private final long writeStallNanos;
    private final ClientOutput output;
    /** Told (outside any lock) when bytes were queued: its loop must watch the socket for room. */
    private volatile Runnable outputQueued = () -> { };
    private Selector writable; // made on the first full socket; guarded by this
    private boolean released; // guarded by this
    /**
     * Read mode between calls: the bytes read and not yet taken as packets. Only the loop's leader touches it. Direct,
     * so the socket is read straight into it (into a heap buffer the JDK reads through a direct one and copies: one
     * more copy of every byte an upload sends).
     */
    private ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER).flip();
    /** Whether the last read filled the buffer: the socket may hold more than epoll will report again. */
    private boolean full;
    /** Small packets read in a row since the last large one: the buffer shrinks back after a few. */
    private int smallInARow;
    private final StreamBodies bodies = new StreamBodies();

    /** Puts {@code channel} (connected, blocking or not) in non-blocking mode; closes it when that fails. */
    ClientChannel(SocketChannel channel) throws IOException {
        this(channel, ChannelTransport.PLAIN, WRITE_STALL);
    }

    /** {@code channel} carrying its bytes through {@code transport} (TLS, its handshake done). */
    ClientChannel(SocketChannel channel, ChannelTransport transport) throws IOException {
        this(channel, transport, WRITE_STALL);
    }

    /** @param writeStallNanos how long a reply may wait for room before the client is dropped (tests shorten it) */
    ClientChannel(SocketChannel channel, long writeStallNanos) throws IOException {
        this(channel, ChannelTransport.PLAIN, writeStallNanos);
    }

    private ClientChannel(SocketChannel channel, ChannelTransport transport, long writeStallNanos) throws IOException {
        this.channel = channel;
        this.transport = transport;
        this.writeStallNanos = writeStallNanos;
        this.output = new ClientOutput(channel, transport, writeStallNanos);
        try {
            channel.configureBlocking(false);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    SocketChannel channel() {
        return channel;
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    /**
     * The next whole packet: from the buffer, else after one read of the socket; null when no whole packet has
     * arrived yet (the rest will be reported by epoll).
     *
     * @throws EOFException at the end of the stream (inside a packet or between packets)
     * @throws XdrException for a length outside libvirt's bounds
     */
    Packet next() throws IOException {
        Packet p = take();
        if (p != null) {
            return p;
        }
        if (!channel.isOpen()) {
            throw new ClosedChannelException();
        }
        do {
            p = readOnce();
            if (transport.wantsWrite() && output.enqueue(NOTHING) != ClientOutput.Offer.WRITTEN) {
                // the key update's answer waits its turn behind the queued replies
                outputQueued.run();
            }
            // bytes the transport took from the socket and still holds would never be reported by epoll
        } while (p == null && transport.hasBuffered());
        return p;
    }

    private Packet readOnce() throws IOException {
        FrameCheck.check(buffer);
        // the buffer grows for a body only once the header is there and checked: junk is never buffered
        int needed = buffer.remaining() < FrameCheck.HEAD ? Math.min(Packet.needed(buffer), BUFFER)
                : Packet.needed(buffer);
        // a stream-sized buffer stays while large packets come (an upload's), not reallocated for each of them; a
        // larger one (a big call's) goes at once
        boolean shrink = buffer.capacity() > BUFFER && needed <= BUFFER
                && (smallInARow >= SHRINK_AFTER || buffer.capacity() > STREAM_BUFFER);
        if (needed > buffer.capacity() || shrink) {
            ByteBuffer b = ByteBuffer.allocateDirect(Math.max(BUFFER, needed));
            b.put(buffer);
            buffer = b;
        } else {
            buffer.compact();
        }
        int n;
        try {
            n = transport.read(channel, buffer);
            full = !buffer.hasRemaining();
        } finally {
            buffer.flip();
        }
        if (n < 0) {
            throw new EOFException(buffer.hasRemaining() ? "connection closed inside a packet" : "end of stream");
        }
        return n == 0 ? null : take();
    }

    private Packet take() {
        FrameCheck.check(buffer);
        Packet p = Packet.take(buffer, bodies);
        if (p != null) {
            smallInARow = p.body().length + Packet.LENGTH_SIZE + Header.SIZE > BUFFER ? 0 : smallInARow + 1;
        }
        return p;
    }

    /** The read buffer's size now (tests). */
    int bufferCapacity() {
        return buffer.capacity();
    }

    /** The bodies of this client's stream packets, handed back once handled. */
    StreamBodies bodies() {
        return bodies;
    }

    /** Whether {@link #next()} may find another packet without epoll reporting the socket again. */
    boolean hasMore() {
        return full || transport.hasBuffered() || buffer.hasRemaining() && Packet.needed(buffer) <= buffer.remaining();
    }

    /** Who is told when bytes had to be queued (the client's loop, to watch the socket for room). */
    void whenOutputQueued(Runnable r) {
        outputQueued = r;
    }

    /**
     * Hands one whole packet to the socket without waiting: written now as far as the socket takes it, the rest
     * queued (the caller then has the loop watch for room). Refused when the client left more than {@code limit} bytes
     * unread, or read nothing for {@link #WRITE_STALL}: the caller cuts it off.
     *
     * @throws IOException when the socket failed (the client went away)
     */
    ClientOutput.Offer offer(ByteBuffer[] wire, long limit) throws IOException {
        return output.offer(wire, limit);
    }

    /** Writes queued bytes as far as the socket takes them now (its loop saw room): whether none are left. */
    boolean flush() throws IOException {
        return output.flush();
    }

    /** Whether bytes wait for room in the socket. */
    boolean hasOutput() {
        return !output.isEmpty();
    }

    /** Bytes waiting for room in the socket now. */
    long queuedBytes() {
        return output.queued();
    }

    /**
     * Writes all of {@code wire} and waits until it (and whatever was queued before it) is on the socket: for a
     * stream, whose next packet must wait for this one. A client that takes none of it for {@link #WRITE_STALL} (its
     * socket stays full: it reads nothing) fails the write, and so is dropped.
     */
    void write(ByteBuffer wire) throws IOException {
        write(new ByteBuffer[] {wire});
    }

    /** As {@link #write(ByteBuffer)}, the buffers one after the other, in as few system calls as the socket takes. */
    void write(ByteBuffer[] wire) throws IOException {
        if (output.enqueue(wire) == ClientOutput.Offer.WRITTEN) {
            return;
        }
        while (!output.flush()) {
            long left = output.stallLeft();
            if (left == 0) {
                throw new IOException("the client read none of its replies for "
                        + TimeUnit.NANOSECONDS.toMillis(writeStallNanos) + " ms");
            }
            awaitWritable(left);
        }
    }

    private void awaitWritable(long timeoutNanos) throws IOException {
        Selector w;
        synchronized (this) {
            if (released || !channel.isOpen()) {
                throw new ClosedChannelException();
            }
            if (writable == null) {
                Selector made = Selector.open();
                try {
                    channel.register(made, SelectionKey.OP_WRITE);
                } catch (IOException | RuntimeException e) {
                    made.close();
                    throw e;
                }
                writable = made;
            }
            w = writable;
        }
        try {
            w.select(IGNORE, Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos)));
        } catch (ClosedSelectorException e) {
            throw new ClosedChannelException();
        }
    }

    /** Closes the socket and wakes a writer waiting for room (closing a channel does not wake its selectors). */
    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            output.clear();
            synchronized (this) {
                if (writable != null) {
                    writable.wakeup();
                }
            }
        }
    }

    /**
     * Frees the write selector's descriptor (the socket's own is freed once its loop's selector has dropped its
     * cancelled key). A writer still waiting is woken and fails as on a closed socket.
     */
    void releaseSelectors() {
        Selector w;
        synchronized (this) {
            released = true;
            w = writable;
        }
        if (w != null) {
            try {
                w.close();
            } catch (IOException e) {
                // nothing left to do with it
            }
        }
    }
}
