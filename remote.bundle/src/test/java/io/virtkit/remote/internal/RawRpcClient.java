package io.virtkit.remote.internal;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A deliberately low-level client of libvirt's RPC framing for robustness tests: it sends whatever bytes
 * it is given and reads packets back without trusting them. Every wait is bounded so that a server that
 * hangs fails the test with a message instead of hanging it.
 */
final class RawRpcClient implements AutoCloseable {
    /** How long any single read waits: far above any reply's latency, only there to turn a hang into a failure. */
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final SocketChannel channel;
    private final Selector selector;
    /** How long one read or write waits (a test on a loaded machine may give more). */
    private final long waitNanos;
    private int serial;

    private RawRpcClient(SocketChannel channel, Selector selector, long waitNanos) {
        this.channel = channel;
        this.selector = selector;
        this.waitNanos = waitNanos;
    }

    static RawRpcClient connect(Path socket) throws IOException {
        return connect(socket, WAIT_NANOS);
    }

    /** As {@link #connect(Path)}, each wait bounded by {@code waitNanos}. */
    static RawRpcClient connect(Path socket, long waitNanos) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.configureBlocking(false);
            Selector sel = Selector.open();
            ch.register(sel, SelectionKey.OP_READ);
            return new RawRpcClient(ch, sel, waitNanos);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** A remote-program CALL's wire form (length word included). */
    static byte[] call(int procedure, int serial, byte[] body) {
        return new Packet(new Header(RemoteSession.REMOTE_PROGRAM, 1, procedure, Header.CALL, serial, Header.OK), body)
                .encode();
    }

    int nextSerial() {
        return ++serial;
    }

    /**
     * Writes all of {@code wire}. Returns false when the server has already closed the connection
     * (a broken pipe is an acceptable answer to garbage).
     */
    boolean send(byte[] wire) {
        ByteBuffer buf = ByteBuffer.wrap(wire);
        long deadline = System.nanoTime() + waitNanos;
        try {
            while (buf.hasRemaining()) {
                if (channel.write(buf) == 0) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("server did not read " + buf.remaining() + " bytes within "
                                + TimeUnit.NANOSECONDS.toSeconds(waitNanos) + " s");
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // the server's buffer is full
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends a CALL of the remote program and returns its REPLY, skipping MESSAGE packets (events) on the way. */
    Packet call(int procedure, byte[] body) throws IOException {
        int s = nextSerial();
        if (!send(call(procedure, s, body))) {
            throw new IOException("connection closed by the server before procedure " + procedure + " was sent");
        }
        while (true) {
            Packet p = read();
            if (p == null) {
                throw new IOException("connection closed by the server instead of replying to procedure " + procedure);
            }
            Header h = p.header();
            if (h.type() == Header.REPLY && h.serial() == s) {
                return p;
            }
            if (h.type() != Header.MESSAGE) {
                throw new AssertionError("unexpected packet while waiting for serial " + s + ": " + h);
            }
        }
    }

    /** Stops sending: the server sees end of stream after whatever was sent. */
    void shutdownOutput() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            // already closed by the server: nothing left to signal
        }
    }

    /**
     * The next packet, or null when the server closed the connection (a reset counts as closed).
     *
     * @throws AssertionError for a malformed packet from the server or no packet and no close within the wait
     */
    Packet read() {
        ByteBuffer length = ByteBuffer.allocate(Packet.LENGTH_SIZE);
        if (!fill(length)) {
            return null;
        }
        int total = length.flip().getInt();
        if (total < Packet.LENGTH_SIZE + Header.SIZE || total > Packet.LENGTH_SIZE + Packet.MAX_PAYLOAD) {
            throw new AssertionError("server sent a packet length of " + Integer.toUnsignedString(total));
        }
        ByteBuffer payload = ByteBuffer.allocate(total - Packet.LENGTH_SIZE);
        if (!fill(payload)) {
            throw new AssertionError("server closed the connection inside a packet of " + total + " bytes");
        }
        byte[] bytes = payload.array();
        Header header = Header.decode(new XdrReader(bytes));
        byte[] body = new byte[bytes.length - Header.SIZE];
        System.arraycopy(bytes, Header.SIZE, body, 0, body.length);
        return new Packet(header, body);
    }

    /** Reads until the server closes the connection; returns how many packets came before the close. */
    int readUntilClosed() {
        int packets = 0;
        while (read() != null) {
            packets++;
        }
        return packets;
    }

    /** False at end of stream before the first byte of {@code buf}, true when {@code buf} is full. */
    private boolean fill(ByteBuffer buf) {
        long deadline = System.nanoTime() + waitNanos;
        try {
            while (buf.hasRemaining()) {
                int n;
                try {
                    n = channel.read(buf);
                } catch (IOException e) {
                    n = -1; // connection reset: the server dropped us
                }
                if (n < 0) {
                    if (buf.position() == 0) {
                        return false;
                    }
                    throw new AssertionError("server closed the connection inside a packet");
                }
                if (n == 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError("server neither answered nor closed the connection within "
                                + TimeUnit.NANOSECONDS.toSeconds(waitNanos) + " s");
                    }
                    selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                    selector.selectedKeys().clear();
                }
            }
            return true;
        } catch (IOException e) {
            throw new AssertionError("selector failed", e);
        }
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException e) {
            // nothing held
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing held
        }
    }
}
