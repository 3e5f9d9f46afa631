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
