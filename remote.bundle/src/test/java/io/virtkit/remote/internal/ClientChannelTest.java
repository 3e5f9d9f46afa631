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
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientChannelTest {

    private static final long STALL = TimeUnit.MILLISECONDS.toNanos(300);

    @TempDir
    Path dir;

    @Test
    void aClientThatReadsNoneOfItsRepliesFailsTheWriteAfterTheStallLimit() throws Exception {
        try (ServerSocketChannel server = listen(); SocketChannel peer = connect(server);
                ClientChannel channel = new ClientChannel(server.accept(), STALL)) {
            long started = System.nanoTime();
            // the peer never reads: both sockets' buffers fill up, then no byte moves for STALL
            assertThatThrownBy(() -> {
                for (int i = 0; i < 1000; i++) {
                    channel.write(ByteBuffer.allocate(64 * 1024));
                }
            }).isInstanceOf(IOException.class).hasMessageContaining("read none of its replies for 300 ms");
            long took = System.nanoTime() - started;
            assertThat(took).isGreaterThanOrEqualTo(STALL).isLessThan(TimeUnit.SECONDS.toNanos(10));
        }
    }

    @Test
    void aClientThatReadsSlowlyButSteadilyGetsEverything() throws Exception {
        int total = 4 * 1024 * 1024;
        try (ServerSocketChannel server = listen(); SocketChannel peer = connect(server);
                ClientChannel channel = new ClientChannel(server.accept(), STALL)) {
            long[] read = new long[1];
            Thread reader = new Thread(() -> {
                ByteBuffer b = ByteBuffer.allocate(256 * 1024);
                try {
                    while (read[0] < total) {
                        Thread.sleep(50); // slower than the writer, each pause well within the stall limit
                        b.clear();
                        int n = peer.read(b);
                        if (n < 0) {
                            return;
                        }
                        read[0] += n;
                    }
                } catch (IOException | InterruptedException e) {
                    // the assertion below reports what was read
                }
            });
            reader.start();
            channel.write(ByteBuffer.allocate(total));
            reader.join(30_000);
            assertThat(read[0]).isEqualTo(total);
        }
    }

    @Test
    void fullStreamPacketsReuseTheBodiesTheirStreamsHandedBack() throws Exception {
        try (ServerSocketChannel server = listen(); SocketChannel peer = connect(server);
                ClientChannel channel = new ClientChannel(server.accept(), STALL)) {
            StreamPacket.Id id = new StreamPacket.Id(208, 7);
            byte[] first = new byte[StreamPacket.DATA_MAX];
            byte[] second = new byte[StreamPacket.DATA_MAX];
            java.util.Arrays.fill(first, (byte) 1);
            java.util.Arrays.fill(second, (byte) 2);
            peer.configureBlocking(true);
            Thread writer = new Thread(() -> {
                try {
                    for (byte[] b : new byte[][] {first, second}) {
                        for (ByteBuffer w : StreamPacket.data(b).encode(id).wire()) {
                            while (w.hasRemaining()) {
                                peer.write(w);
                            }
                        }
                    }
                } catch (IOException e) {
                    // the reads below fail
                }
            });
            writer.start();
            Packet p1 = nextPacket(channel);
            assertThat(p1.body()).isEqualTo(first);
            channel.bodies().recycle(p1.body());
            Packet p2 = nextPacket(channel);
            assertThat(p2.body()).isSameAs(p1.body()).isEqualTo(second); // the handed-back body, refilled
            writer.join(10_000);
            channel.bodies().recycle(p2.body());
            channel.bodies().recycle(new byte[10]); // not a large packet's: not kept
            assertThat(channel.bodies().spare()).isEqualTo(1);
            channel.bodies().clear();
            assertThat(channel.bodies().spare()).isZero();
        }
    }

    @Test
    void theReadBufferStaysStreamSizedBetweenStreamPacketsButNotAfterALargerCall() throws Exception {
        try (ServerSocketChannel server = listen(); SocketChannel peer = connect(server);
                ClientChannel channel = new ClientChannel(server.accept(), STALL)) {
            StreamPacket.Id id = new StreamPacket.Id(208, 7);
            Packet small = StreamPacket.data(new byte[10]).encode(id);
            Packet large = StreamPacket.data(new byte[StreamPacket.DATA_MAX]).encode(id);
            Packet call = new Packet(new Header(RemoteSession.REMOTE_PROGRAM, 1, 1, Header.CALL, 1, Header.OK),
                    new byte[1 << 20]);
            Thread writer = send(peer, large, small, small, small);
            for (int i = 0; i < 4; i++) {
                nextPacket(channel);
            }
            writer.join(10_000);
            int streamSized = channel.bufferCapacity();
            assertThat(streamSized).isGreaterThan(StreamPacket.DATA_MAX); // kept over three small packets
            // the buffer is given back when it must be read into again: after four small packets in a row
            writer = send(peer, small);
            nextPacket(channel);
            writer.join(10_000);
            writer = send(peer, small);
            nextPacket(channel);
            writer.join(10_000);
            assertThat(channel.bufferCapacity()).isLessThan(StreamPacket.DATA_MAX);
            // a big call's buffer at the first read after it
            writer = send(peer, call);
            assertThat(nextPacket(channel).body()).hasSize(1 << 20);
            writer.join(10_000);
            writer = send(peer, small);
            nextPacket(channel);
            writer.join(10_000);
            assertThat(channel.bufferCapacity()).isLessThan(StreamPacket.DATA_MAX);
        }
    }

    /** Writes the packets from a thread of its own: more than the socket holds blocks until the channel reads. */
    private static Thread send(SocketChannel peer, Packet... packets) {
        Thread writer = new Thread(() -> {
            try {
                for (Packet p : packets) {
                    for (ByteBuffer w : p.wire()) {
                        while (w.hasRemaining()) {
                            peer.write(w);
                        }
                    }
                }
            } catch (IOException e) {
                // the reads fail
            }
        });
        writer.setDaemon(true);
        writer.start();
        return writer;
    }

    private static Packet nextPacket(ClientChannel channel) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Packet p = channel.next();
            if (p != null) {
                return p;
            }
            Thread.sleep(1);
        }
        throw new AssertionError("no packet within 10 s");
    }

    private ServerSocketChannel listen() throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(dir.resolve("sock")));
        return server;
    }

    private SocketChannel connect(ServerSocketChannel server) throws IOException {
        return SocketChannel.open(server.getLocalAddress());
    }
}
