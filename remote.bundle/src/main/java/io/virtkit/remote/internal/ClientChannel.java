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
 * <p>One thread reads at a time (the loop's leader); writes are serialized here (the reader may have to answer a
 * TLS key update). A write that finds the socket full waits in a selector of its own for {@code EPOLLOUT}, as a
 * blocking write would. The bytes pass through a {@link ChannelTransport}: as they are, or TLS.
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
    private final Object writeLock = new Object();
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
            if (transport.wantsWrite()) {
                write(NOTHING);
            }
            // bytes the transport took from the socket and still holds would never be reported by epoll
        } while (p == null && transport.hasBuffered());
        return p;
    }

    private Packet readOnce() throws IOException {
        int needed = Packet.needed(buffer);
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

    /**
     * Writes all of {@code wire}; the caller holds the client's write lock. A client that takes none of it for
     * {@link #WRITE_STALL} (its socket stays full: it sends calls but reads no replies) fails the write, and so is
     * dropped: the thread writing to it serves a whole selector loop, or holds one of the bounded slow-call threads.
     */
    void write(ByteBuffer wire) throws IOException {
        write(new ByteBuffer[] {wire});
    }

    /** As {@link #write(ByteBuffer)}, the buffers one after the other, in as few system calls as the socket takes. */
    void write(ByteBuffer[] wire) throws IOException {
        synchronized (writeLock) {
            do {
                writeRaw(transport.seal(wire));
            } while (wire[wire.length - 1].hasRemaining());
        }
    }

    private void writeRaw(ByteBuffer[] wire) throws IOException {
        boolean stalled = false;
        long stalledSince = 0;
        while (wire[wire.length - 1].hasRemaining()) {
            if (channel.write(wire) > 0) {
                stalled = false;
                continue;
            }
            long now = System.nanoTime();
            if (!stalled) {
                stalled = true;
                stalledSince = now;
            } else if (now - stalledSince >= writeStallNanos) {
                throw new IOException("the client read none of its replies for "
                        + TimeUnit.NANOSECONDS.toMillis(writeStallNanos) + " ms");
            }
            awaitWritable(writeStallNanos - (now - stalledSince));
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
