package io.virtkit.remote.internal.tls;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

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
    private final long deadline;
    private ByteBuffer netIn;
    private ByteBuffer netOut;
    private ByteBuffer appIn;

    /** @param deadline {@link System#nanoTime()} by which the handshake must be done */
    ServerHandshake(SocketChannel socket, SSLEngine engine, long deadline) {
        this.socket = socket;
        this.engine = engine;
        this.deadline = deadline;
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet);
        this.netOut = ByteBuffer.allocate(packet);
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
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

    private HandshakeStatus wrap(ByteBuffer[] data, SelectionKey key) throws IOException {
        while (true) {
            netOut.clear();
            SSLEngineResult r = engine.wrap(data, netOut);
            switch (r.getStatus()) {
                case BUFFER_OVERFLOW -> netOut = ByteBuffer.allocate(netOut.capacity() * 2);
                case CLOSED -> throw new SSLException("the client ended the TLS session during the handshake");
                default -> {
                    netOut.flip();
                    while (netOut.hasRemaining()) {
                        if (socket.write(netOut) == 0) {
                            await(key, SelectionKey.OP_WRITE);
                        }
                    }
                    if (!data[data.length - 1].hasRemaining()) {
                        return r.getHandshakeStatus();
                    }
                }
            }
        }
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
