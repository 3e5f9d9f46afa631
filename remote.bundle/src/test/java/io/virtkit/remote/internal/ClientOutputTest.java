package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output queue of one client: never waits, keeps packets whole and in order, and bounds what waits. */
class ClientOutputTest {
    private static final long STALL = TimeUnit.SECONDS.toNanos(30);

    @TempDir
    Path dir;

    @Test
    void aPacketOnAFullSocketIsQueuedWholeAndWrittenInOrderOnceThePeerReads() throws Exception {
        try (ServerSocketChannel server = listen(); SocketChannel peer = connect(server);
                SocketChannel socket = server.accept()) {
            socket.configureBlocking(false);
            ClientOutput out = new ClientOutput(socket, ChannelTransport.PLAIN, STALL);
            byte[] first = filled(4 * 1024 * 1024, (byte) 1); // more than the socket buffers hold
            byte[] second = filled(1000, (byte) 2);
            ByteBuffer[] wire = {ByteBuffer.wrap(first)};
            assertThat(out.offer(wire, 1)).isEqualTo(ClientOutput.Offer.QUEUED); // the front packet: never refused
            Arrays.fill(first, (byte) 9); // the caller's buffer is its own again: what was queued is a copy
            assertThat(out.offer(new ByteBuffer[] {ByteBuffer.wrap(second)}, 1000))
                    .isEqualTo(ClientOutput.Offer.QUEUED);
            assertThat(out.isEmpty()).isFalse();
            // the peer reads; the queue goes out as room appears, never blocking the flusher
            ByteBuffer got = ByteBuffer.allocate(first.length + second.length);
            peer.configureBlocking(false);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (got.hasRemaining() && System.nanoTime() < deadline) {
                out.flush();
                peer.read(got);
            }
            assertThat(got.hasRemaining()).isFalse();
            assertThat(out.flush()).isTrue();
            assertThat(out.queued()).isZero();
            byte[] bytes = got.array();
            assertThat(bytes[0]).isEqualTo((byte) 1);
            assertThat(bytes[first.length - 1]).isEqualTo((byte) 1);
            assertThat(bytes[first.length]).isEqualTo((byte) 2);
            assertThat(bytes[bytes.length - 1]).isEqualTo((byte) 2);
        }
    }

    @Test
    void whatWaitsBehindTheFrontPacketIsBoundedAndARefusedPacketIsNotQueued() throws Exception {
        try (ServerSocketChannel server = listen(); SocketChannel peer = connect(server);
                SocketChannel socket = server.accept()) {
            socket.configureBlocking(false);
            ClientOutput out = new ClientOutput(socket, ChannelTransport.PLAIN, STALL);
            long limit = 64 * 1024;
            assertThat(out.offer(new ByteBuffer[] {ByteBuffer.allocate(4 << 20)}, limit))
                    .isEqualTo(ClientOutput.Offer.QUEUED);
            long front = out.queued();
            int accepted = 0;
            ClientOutput.Offer last;
            while ((last = out.offer(new ByteBuffer[] {ByteBuffer.allocate(1000)}, limit))
                    == ClientOutput.Offer.QUEUED) {
                accepted++;
            }
            assertThat(last).isEqualTo(ClientOutput.Offer.OVER_LIMIT);
            assertThat(accepted).isEqualTo(65); // 65 * 1000 <= 64 KiB < 66 * 1000
            assertThat(out.queued()).isEqualTo(front + 65 * 1000);
        }
    }

    @Test
    void aQueueThatDoesNotMoveForTheStallTimeRefusesMore() throws Exception {
        try (ServerSocketChannel server = listen(); SocketChannel peer = connect(server);
                SocketChannel socket = server.accept()) {
            socket.configureBlocking(false);
            long stall = TimeUnit.MILLISECONDS.toNanos(200);
            ClientOutput out = new ClientOutput(socket, ChannelTransport.PLAIN, stall);
            long started = System.nanoTime(); // before the queue starts waiting: the stall counts from then
            assertThat(out.offer(new ByteBuffer[] {ByteBuffer.allocate(4 << 20)}, Long.MAX_VALUE))
                    .isEqualTo(ClientOutput.Offer.QUEUED);
            ClientOutput.Offer offered;
            do {
                offered = out.offer(new ByteBuffer[] {ByteBuffer.allocate(10)}, Long.MAX_VALUE);
                Thread.sleep(20);
            } while (offered == ClientOutput.Offer.QUEUED && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(30));
            assertThat(offered).isEqualTo(ClientOutput.Offer.STALLED);
            assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(stall);
        }
    }

    @Test
    void aSocketThePeerClosedFailsTheOffer() throws Exception {
        try (ServerSocketChannel server = listen(); SocketChannel peer = connect(server);
                SocketChannel socket = server.accept()) {
            socket.configureBlocking(false);
            ClientOutput out = new ClientOutput(socket, ChannelTransport.PLAIN, STALL);
            peer.close();
            assertThatThrownBy(() -> {
                for (int i = 0; i < 10; i++) {
                    out.offer(new ByteBuffer[] {ByteBuffer.allocate(1000)}, Long.MAX_VALUE);
                }
            }).isInstanceOf(IOException.class);
        }
    }

    private static byte[] filled(int size, byte value) {
        byte[] b = new byte[size];
        Arrays.fill(b, value);
        return b;
    }

    private ServerSocketChannel listen() throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(dir.resolve("s")));
        return s;
    }

    private SocketChannel connect(ServerSocketChannel server) throws IOException {
        return SocketChannel.open(server.getLocalAddress());
    }
}
