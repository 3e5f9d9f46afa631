package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.admin.RemoteDaemon;

/**
 * Streams inside the real daemon: the selector loop hands stream packets to the client's streams, each holding one of
 * the client's request slots until its stream has taken it, so a slow sink stops the reading of that client (its
 * calls wait too, as with libvirtd) and nobody else's; the connection going aborts the client's streams.
 */
class RemoteStreamTest {
    private static final int PROC_OPEN = 1;
    private static final int PROC_GET_TYPE = 3;
    private static final int VOL_UPLOAD = 208;

    @TempDir
    Path dir;
    private RemoteServer server;
    private SocketChannel channel;
    private DataInputStream in;
    private int serial;
    private final Semaphore gate = new Semaphore(0);
    private final BlockingSink sink = new BlockingSink();

    @BeforeEach
    void start() throws IOException {
        Path socket = dir.resolve("sock");
        server = new RemoteServer(new TestDriverFactory(), List.of(ListenAddress.unix(socket, false)),
                new RemoteDaemon.Limits(10, 2));
        server.start();
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        in = new DataInputStream(Channels.newInputStream(channel));
        int open = call(PROC_OPEN, w -> w.writeOptionalString("test:///default").writeInt(0));
        assertThat(next().header()).isEqualTo(reply(PROC_OPEN, open));
    }

    @AfterEach
    void stop() throws IOException {
        gate.release(1000);
        channel.close();
        server.close();
    }

    @Test
    void aSlowSinkStopsTheReadingOfItsClientOnly() throws Exception {
        StreamTable streams = onlyClient().streams();
        int upload = ++serial;
        streams.openUpload(new Header(RemoteSession.REMOTE_PROGRAM, 1, VOL_UPLOAD, Header.CALL, upload, Header.OK),
                false, sink);
        for (int i = 0; i < 4; i++) {
            write(StreamPacket.data(new byte[i + 1]).encode(new StreamPacket.Id(VOL_UPLOAD, upload))); // lengths 1 to 4: the order shows
        }
        RecordingStreams.await(() -> sink.calls.size() == 1); // the first packet is in the sink, the second waits: both slots taken
        int type = call(PROC_GET_TYPE, w -> { });
        CompletableFuture<Packet> answer = CompletableFuture.supplyAsync(this::nextUnchecked);
        Thread.sleep(200);
        assertThat(answer).as("the call behind the stream packets is not read yet").isNotDone();
        assertThat(sink.calls).hasSize(1);

        gate.release(4);
        assertThat(answer.get(10, TimeUnit.SECONDS).header()).isEqualTo(reply(PROC_GET_TYPE, type));
        RecordingStreams.await(() -> sink.calls.size() == 4);
        assertThat(sink.calls).containsExactly("data 1", "data 2", "data 3", "data 4");

        write(StreamPacket.finish().encode(new StreamPacket.Id(VOL_UPLOAD, upload)));
        gate.release();
        Packet confirm = next();
        assertThat(confirm.header().type()).isEqualTo(Header.STREAM);
        assertThat(confirm.header().status()).isEqualTo(Header.OK);
        assertThat(sink.calls).endsWith("finish");
        RecordingStreams.await(() -> streams.size() == 0);
    }

    @Test
    void packetsOfNoStreamAreDroppedWithoutHoldingTheClient() throws Exception {
        for (int i = 0; i < 20; i++) {
            write(StreamPacket.data(new byte[] {1}).encode(new StreamPacket.Id(VOL_UPLOAD, 99)));
        }
        int type = call(PROC_GET_TYPE, w -> { });
        assertThat(next().header()).isEqualTo(reply(PROC_GET_TYPE, type));
    }

    @Test
    void theConnectionGoingAbortsTheStreams() throws Exception {
        StreamTable streams = onlyClient().streams();
        streams.openUpload(new Header(RemoteSession.REMOTE_PROGRAM, 1, VOL_UPLOAD, Header.CALL, ++serial, Header.OK),
                false, sink);
        gate.release(1000);
        channel.close();
        RecordingStreams.await(() -> sink.calls.contains("abort"));
        assertThat(sink.calls).containsExactly("abort");
        RecordingStreams.await(() -> streams.size() == 0);
    }

    @Test
    void anUploadsFullPacketsReuseAFewBodiesWhichGoWithTheStream() throws Exception {
        RemoteClient client = onlyClient();
        java.util.Set<byte[]> bodies = java.util.Collections.synchronizedSet(
                java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
        RecordingStreams.Sink recording = new RecordingStreams.Sink() {
            @Override
            public void data(byte[] bytes) {
                super.data(bytes);
                bodies.add(bytes);
            }
        };
        int upload = ++serial;
        StreamPacket.Id id = new StreamPacket.Id(VOL_UPLOAD, upload);
        client.streams().openUpload(new Header(RemoteSession.REMOTE_PROGRAM, 1, VOL_UPLOAD, Header.CALL, upload,
                Header.OK), false, recording);
        int packets = 40;
        for (int i = 0; i < packets; i++) {
            write(StreamPacket.data(new byte[StreamPacket.DATA_MAX]).encode(id));
        }
        RecordingStreams.await(() -> recording.calls.size() == packets);
        assertThat(recording.calls).containsOnly("data " + StreamPacket.DATA_MAX);
        // two request slots: a packet in the sink, one waiting, one being read, a few spare
        assertThat(bodies.size()).isLessThanOrEqualTo(12);

        write(StreamPacket.finish().encode(id));
        assertThat(next().header()).isEqualTo(new Header(RemoteSession.REMOTE_PROGRAM, 1, VOL_UPLOAD, Header.STREAM,
                upload, Header.OK));
        RecordingStreams.await(() -> client.channel().bodies().spare() == 0); // the stream is done: no spares kept
        assertThat(recording.calls).endsWith("finish");
    }

    private RemoteClient onlyClient() {
        return server.client(server.clients().get(0).id());
    }

    /** Blocks in each data call until the test lets it go. */
    private final class BlockingSink extends RecordingStreams.Sink {
        @Override
        public void data(byte[] bytes) {
            super.data(bytes);
            gate.acquireUninterruptibly();
        }
    }

    private int call(int proc, java.util.function.Consumer<XdrWriter> args) throws IOException {
        XdrWriter w = new XdrWriter();
        args.accept(w);
        write(new Packet(new Header(RemoteSession.REMOTE_PROGRAM, 1, proc, Header.CALL, ++serial, Header.OK),
                w.toByteArray()));
        return serial;
    }

    private void write(Packet p) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(p.encode());
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    private Packet next() throws IOException {
        Packet p = Packet.read(in);
        assertThat(p).as("a packet from the daemon").isNotNull();
        return p;
    }

    private Packet nextUnchecked() {
        try {
            return next();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Header reply(int proc, int serial) {
        return new Header(RemoteSession.REMOTE_PROGRAM, 1, proc, Header.REPLY, serial, Header.OK);
    }
}
