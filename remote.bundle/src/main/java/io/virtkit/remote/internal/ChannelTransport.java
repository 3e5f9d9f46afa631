package io.virtkit.remote.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * What lies between a client's socket and libvirt's packets: nothing (UNIX sockets, loopback TCP), or TLS. A
 * {@link ClientChannel} reads and writes through it, so its buffering, stall and epoll logic is the same for both.
 */
public interface ChannelTransport {

    /** The socket's bytes as they are. */
    ChannelTransport PLAIN = new ChannelTransport() {
        @Override
        public int read(SocketChannel socket, ByteBuffer into) throws IOException {
            return socket.read(into);
        }

        @Override
        public ByteBuffer[] seal(ByteBuffer[] plain) {
            return plain;
        }
    };

    /**
     * Reads protocol bytes into {@code into} from what the socket (non-blocking) has: the count, 0 when nothing
     * whole has arrived, -1 at the end of the stream.
     */
    int read(SocketChannel socket, ByteBuffer into) throws IOException;

    /**
     * Whether {@link #read} could give bytes without the socket being reported readable again: bytes it took from
     * the socket and has not handed out yet (epoll would not report them).
     */
    default boolean hasBuffered() {
        return false;
    }

    /**
     * The bytes to put on the socket for some or all of {@code plain} (their positions advance over what was
     * taken); called again while the last of them has bytes left. Also called with nothing when {@link #wantsWrite}.
     */
    ByteBuffer[] seal(ByteBuffer[] plain) throws IOException;

    /** Whether the transport has something of its own to send (a TLS key update's answer) found while reading. */
    default boolean wantsWrite() {
        return false;
    }
}
