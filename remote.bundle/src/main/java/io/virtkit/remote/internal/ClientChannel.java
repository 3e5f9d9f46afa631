package io.virtkit.remote.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

/**
 * A client's socket in non-blocking mode, its reader waiting for input in epoll (a {@link Selector} of its own)
 * instead of in a blocking {@code read}. Why: a thread blocked in {@code read} on a UNIX socket is woken not
 * only by the client's next call but also each time the client reads a reply (the kernel announces the freed
 * send space on the same wait queue), so every call cost the reader a second, useless wake-up. epoll wakes
 * only for what it was asked to watch ({@code EPOLLIN} here): one wake-up per call, as libvirtd's poll loop.
 *
 * <p>One thread reads at a time (the client's reader); writes are the caller's to serialize. A write that
 * finds the socket full waits in a second selector for {@code EPOLLOUT}, as the blocking write did.
 */
final class ClientChannel implements AutoCloseable {
    private static final int BUFFER = 64 * 1024;
    private static final Consumer<SelectionKey> IGNORE = key -> { };

    private final SocketChannel channel;
    private final Selector readable;
    private Selector writable; // made on the first full socket; guarded by this
    private boolean released; // guarded by this
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER).flip();
    private final InputStream input = new InputStream() {
        @Override
        public int read() throws IOException {
            return fill() ? buffer.get() & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, buffer.remaining());
            buffer.get(b, off, n);
            return n;
        }

        @Override
        public int available() {
            return buffer.remaining();
        }
    };

    /** Puts {@code channel} (connected, blocking or not) in non-blocking mode; closes it when that fails. */
    ClientChannel(SocketChannel channel) throws IOException {
        this.channel = channel;
        try {
            channel.configureBlocking(false);
            readable = Selector.open();
            try {
                channel.register(readable, SelectionKey.OP_READ);
            } catch (IOException | RuntimeException e) {
                readable.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    SocketChannel channel() {
        return channel;
    }

    /** The socket's bytes as a stream: blocks until some arrive, -1 at the end. */
    InputStream input() {
        return input;
    }

    /** True when the buffer holds bytes; waits for the socket when it holds none. False at the end of the stream. */
    private boolean fill() throws IOException {
        if (buffer.hasRemaining()) {
            return true;
        }
        buffer.clear();
        try {
            while (true) {
                // wait first: after a reply the client has rarely sent the next call yet, so reading first
                // would mostly cost an extra system call that finds nothing
                if (!channel.isOpen()) {
                    throw new ClosedChannelException();
                }
                select(readable);
                int n = channel.read(buffer);
                if (n < 0) {
                    return false;
                }
                if (n > 0) {
                    return true;
                }
            }
        } finally {
            buffer.flip();
        }
    }

    /** Writes all of {@code wire}; the caller holds the client's write lock. */
    void write(ByteBuffer wire) throws IOException {
        while (wire.hasRemaining()) {
            if (channel.write(wire) == 0) {
                awaitWritable();
            }
        }
    }

    private void awaitWritable() throws IOException {
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
        select(w);
    }

    /**
     * Waits for the selector's one key; a selector closed under the caller means the client is gone. The form with
     * an action leaves the selected-key set alone (no hash set node made and dropped per call).
     */
    private static void select(Selector selector) throws IOException {
        try {
            selector.select(IGNORE);
        } catch (ClosedSelectorException e) {
            throw new ClosedChannelException();
        }
    }

    /**
     * Closes the socket and wakes a reader waiting for it (closing a channel does not wake its selectors); the
     * selectors themselves are closed by {@link #releaseSelectors()} once no thread can be waiting in them.
     */
    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            readable.wakeup();
            synchronized (this) {
                if (writable != null) {
                    writable.wakeup();
                }
            }
        }
    }

    /**
     * Frees the selectors' file descriptors, and with them the socket's (a registered channel's descriptor is
     * released only once no selector holds it): called once no thread reads any more (the last reader, as it
     * ends). A writer still waiting is woken and fails as on a closed socket.
     */
    void releaseSelectors() {
        Selector w;
        synchronized (this) {
            released = true;
            w = writable;
        }
        closeQuietly(readable);
        if (w != null) {
            closeQuietly(w);
        }
    }

    private static void closeQuietly(Selector s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }
}
