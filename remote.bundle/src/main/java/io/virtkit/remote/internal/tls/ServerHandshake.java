package io.virtkit.remote.internal.tls;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * One client's TLS handshake on the daemon's side, on the socket in non-blocking mode with a selector of its own so
 * that a deadline holds however the client behaves (silent, trickling). Runs on a handshake thread, never on a
 * selector loop: a client joins its loop only once it is let in.
 */
final class ServerHandshake {
    private static final ByteBuffer[] NOTHING = {ByteBuffer.allocate(0)};

    private final SocketChannel socket;
    private final SSLEngine engine;
    private final SSLContext context;
    private final long deadline;
    /** Whether TLS 1.3 was negotiated (and its tickets turned off). */
    private boolean tls13Known;
    private ByteBuffer netIn;
    private ByteBuffer netOut;
    private ByteBuffer appIn;
    /**
     * The handshake's last flight (TLS 1.2's Finished), held back to go out in one write with the confirmation byte:
     * libvirt's client polls once and reads once for that byte, so nothing without application data may arrive
     * alone just before it (see {@link TlsContexts#noTls13Tickets} for TLS 1.3's tickets).
     */
    private final ByteArrayOutputStream heldBack = new ByteArrayOutputStream();

    /**
     * @param context the context of this connection alone, {@code engine}'s ({@link TlsContexts#noTls13Tickets})
     * @param deadline {@link System#nanoTime()} by which the handshake must be done
     */
    ServerHandshake(SocketChannel socket, SSLContext context, long deadline) {
        this.socket = socket;
        this.context = context;
        this.engine = TlsServer.serverEngine(context, socket);
        this.deadline = deadline;
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet);
        this.netOut = ByteBuffer.allocate(packet);
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
    }

    SSLEngine engine() {
        return engine;
    }

    /**
     * Handshakes, lets {@code judge} look at the session (it throws to refuse), then sends libvirt's confirmation
     * byte; the transport carries on where the handshake stopped.
     */
    TlsTransport run(Runnable judge) throws IOException {
        socket.configureBlocking(false);
        try (Selector selector = Selector.open()) {
            SelectionKey key = socket.register(selector, 0);
            engine.beginHandshake();
            HandshakeStatus hs = engine.getHandshakeStatus();
            while (hs != HandshakeStatus.FINISHED && hs != HandshakeStatus.NOT_HANDSHAKING) {
                hs = switch (hs) {
                    case NEED_WRAP -> wrap(NOTHING, key);
                    case NEED_TASK -> runTasks();
                    default -> unwrap(key); // NEED_UNWRAP, NEED_UNWRAP_AGAIN
                };
                if (!tls13Known && engine.getHandshakeSession() != null
                        && "TLSv1.3".equals(engine.getHandshakeSession().getProtocol())) {
                    tls13Known = true; // before the client's Finished: the ticket would follow it
                    TlsContexts.noTls13Tickets(context);
                }
            }
            judge.run();
            // libvirt's protocol: one byte 1 once the server is content with the client, before any RPC packet
            wrap(new ByteBuffer[] {ByteBuffer.wrap(new byte[] {1})}, key);
            key.cancel();
        }
        return new TlsTransport(engine, netIn, appIn.flip());
    }

    private HandshakeStatus runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
        return engine.getHandshakeStatus();
    }

    /**
     * Wraps all of {@code data} (nothing: what the handshake has to say) and writes it in one go, unless the handshake
     * is over with it: then it is held back to go out with the confirmation byte.
     */
    private HandshakeStatus wrap(ByteBuffer[] data, SelectionKey key) throws IOException {
        HandshakeStatus hs;
        do {
            netOut.clear();
            SSLEngineResult r = engine.wrap(data, netOut);
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                netOut = ByteBuffer.allocate(netOut.capacity() * 2);
                hs = HandshakeStatus.NEED_WRAP;
                continue;
            }
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new SSLException("the client ended the TLS session during the handshake");
            }
            heldBack.write(netOut.array(), netOut.arrayOffset(), netOut.position());
            hs = r.getHandshakeStatus();
        } while (data[data.length - 1].hasRemaining() || hs == HandshakeStatus.NEED_WRAP);
        boolean handshakeOver = data == NOTHING
                && (hs == HandshakeStatus.FINISHED || hs == HandshakeStatus.NOT_HANDSHAKING);
        if (!handshakeOver) {
            ByteBuffer out = ByteBuffer.wrap(heldBack.toByteArray());
            heldBack.reset();
            while (out.hasRemaining()) {
                if (socket.write(out) == 0) {
                    await(key, SelectionKey.OP_WRITE);
                }
            }
        }
        return hs;
    }

    private HandshakeStatus unwrap(SelectionKey key) throws IOException {
        while (true) {
            netIn.flip();
            SSLEngineResult r;
            try {
                r = engine.unwrap(netIn, appIn);
            } finally {
                netIn.compact();
            }
            switch (r.getStatus()) {
                case OK:
                    return r.getHandshakeStatus();
                case BUFFER_OVERFLOW:
                    ByteBuffer bigger = ByteBuffer.allocate(appIn.capacity() * 2);
                    appIn.flip();
                    appIn = bigger.put(appIn);
                    break;
                case BUFFER_UNDERFLOW:
                    if (!netIn.hasRemaining()) {
                        ByteBuffer b = ByteBuffer.allocate(netIn.capacity() * 2);
                        netIn.flip();
                        netIn = b.put(netIn);
                    }
                    await(key, SelectionKey.OP_READ);
                    if (socket.read(netIn) < 0) {
                        throw new EOFException("the client closed the connection during the TLS handshake");
                    }
                    break;
                default:
                    throw new SSLException("the client ended the TLS session during the handshake");
            }
        }
    }

    private void await(SelectionKey key, int op) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("no TLS handshake within its time");
        }
        key.interestOps(op);
        key.selector().select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        if (Thread.currentThread().isInterrupted()) {
            throw new java.io.InterruptedIOException("the daemon is stopping");
        }
    }
}
