package io.virtkit.remote.internal.client;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One byte stream to a libvirt daemon: a UNIX socket, a TCP connection or a TLS session. Reading and writing may
 * happen at the same time from two threads (the client's reader waits for packets while callers send).
 *
 * @param in the daemon's bytes
 * @param out bytes to the daemon
 * @param connection what {@link #close()} closes: both directions, a thread blocked reading gets an exception or the
 *        end of the stream
 */
record ClientSocket(InputStream in, OutputStream out, Closeable connection) implements Closeable {

    /** A connected UNIX socket at {@code path}. */
    static ClientSocket unix(Path path) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return of(channel);
    }

    /** A TCP connection to {@code host:port}, given up after {@code timeout}. */
    static ClientSocket tcp(String host, int port, Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setTcpNoDelay(true); // a call is one packet: nothing to gain by waiting for more
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return of(socket);
    }

    /** A connected socket (plain or TLS), whose streams may be used from two threads at once. */
    static ClientSocket of(Socket socket) throws IOException {
        return new ClientSocket(socket.getInputStream(), socket.getOutputStream(), socket);
    }

    /**
     * A socket channel's streams, read and written directly: the JDK's {@code Channels} streams hold the channel's
     * blocking lock for every read and write, so a reader waiting for a reply would block every sender.
     */
    static ClientSocket of(SocketChannel channel) {
        InputStream in = new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return len == 0 ? 0 : channel.read(ByteBuffer.wrap(b, off, len));
            }
        };
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        };
        return new ClientSocket(in, out, channel);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (IOException e) {
            // closing: nothing more to do with it
        }
    }
}
