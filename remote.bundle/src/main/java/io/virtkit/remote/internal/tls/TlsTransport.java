package io.virtkit.remote.internal.tls;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

import io.virtkit.remote.internal.ChannelTransport;

/**
 * A client's TLS records after the handshake, through the JDK's {@link SSLEngine}: unwrapped as the selector loop
 * reads, wrapped as replies are written. The engine allows one unwrap and one wrap at the same time; the channel
 * already lets one thread read and one write.
 *
 * <p>Records that carry no application data (TLS 1.3's NewSessionTicket or KeyUpdate) unwrap to nothing; reading goes
 * on past them. A KeyUpdate asks for an answer: {@link #wantsWrite} tells the reader to send it.
 */
final class TlsTransport implements ChannelTransport {
    private final SSLEngine engine;
    /** Records read from the socket, not yet unwrapped (write mode). Only the reader touches it. */
    private ByteBuffer netIn;
    /** Application bytes unwrapped, not yet handed out (read mode). Only the reader touches it. */
    private ByteBuffer appIn;
    private volatile boolean wantsWrite;

    /**
     * @param netIn what the handshake read past its end (write mode)
     * @param appIn application bytes the handshake unwrapped already (read mode)
     */
    TlsTransport(SSLEngine engine, ByteBuffer netIn, ByteBuffer appIn) {
        this.engine = engine;
        this.netIn = netIn;
        this.appIn = appIn;
    }

    @Override
    public int read(SocketChannel socket, ByteBuffer into) throws IOException {
        boolean needSocket = !hasRecord();
        while (true) {
            if (appIn.hasRemaining()) {
                return transfer(into);
            }
            if (needSocket) {
                int n = socket.read(ensureRoom());
                if (n < 0) {
                    if (netIn.position() > 0) {
                        throw new EOFException("connection closed inside a TLS record");
                    }
                    return -1;
                }
                if (n == 0) {
                    return 0; // the rest of the record is reported by epoll
                }
                needSocket = !hasRecord();
                continue;
            }
            SSLEngineResult r = unwrap();
            switch (r.getStatus()) {
                case CLOSED:
                    return -1; // close_notify: the end of the client's stream
                case BUFFER_UNDERFLOW:
                    needSocket = true;
                    break;
                case BUFFER_OVERFLOW:
                    appIn = grow(appIn, engine.getSession().getApplicationBufferSize());
                    break;
                default:
                    afterUnwrap(r); // a record with no application data (a ticket, a key update) unwraps to nothing
                    needSocket = !hasRecord();
            }
        }
    }

    private void afterUnwrap(SSLEngineResult r) {
        SSLEngineResult.HandshakeStatus hs = r.getHandshakeStatus();
        if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK) {
            Runnable task;
            while ((task = engine.getDelegatedTask()) != null) {
                task.run();
            }
            hs = engine.getHandshakeStatus();
        }
        if (hs == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
            wantsWrite = true;
        }
    }

    private SSLEngineResult unwrap() throws SSLException {
        appIn.compact();
        netIn.flip();
        try {
            return engine.unwrap(netIn, appIn);
        } finally {
            netIn.compact();
            appIn.flip();
        }
    }

    private int transfer(ByteBuffer into) {
        int n = Math.min(into.remaining(), appIn.remaining());
        ByteBuffer slice = appIn.slice(appIn.position(), n);
        into.put(slice);
        appIn.position(appIn.position() + n);
        return n;
    }

    private ByteBuffer ensureRoom() {
        int record = engine.getSession().getPacketBufferSize();
        if (netIn.remaining() < record) {
            ByteBuffer b = ByteBuffer.allocate(netIn.position() + record);
            netIn.flip();
            b.put(netIn);
            netIn = b;
        }
        return netIn;
    }

    private static ByteBuffer grow(ByteBuffer readMode, int room) {
        ByteBuffer b = ByteBuffer.allocate(readMode.remaining() + room);
        b.put(readMode).flip();
        return b;
    }

    /** Whether {@link #netIn} holds a whole TLS record (5-byte header with its length, then the body). */
    private boolean hasRecord() {
        if (netIn.position() < 5) {
            return false;
        }
        int length = (netIn.get(3) & 0xff) << 8 | netIn.get(4) & 0xff;
        return netIn.position() >= 5 + length;
    }

    @Override
    public boolean hasBuffered() {
        return appIn.hasRemaining() || hasRecord();
    }

    @Override
    public boolean wantsWrite() {
        return wantsWrite;
    }

    /** Wraps as much of {@code plain} as fits a few records' room: a large reply goes out in several turns. */
    @Override
    public ByteBuffer[] seal(ByteBuffer[] plain) throws IOException {
        wantsWrite = false;
        int record = engine.getSession().getPacketBufferSize();
        ByteBuffer out = ByteBuffer.allocate(4 * record);
        do {
            SSLEngineResult r = engine.wrap(plain, out);
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new SSLException("the TLS session is closed");
            }
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                if (out.position() > 0) {
                    break;
                }
                out = ByteBuffer.allocate(out.capacity() * 2);
                continue;
            }
            if (r.bytesProduced() == 0 && r.bytesConsumed() == 0) {
                break;
            }
        } while (plain[plain.length - 1].hasRemaining() && out.remaining() >= record
                || engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP);
        return new ByteBuffer[] {out.flip()};
    }
}
