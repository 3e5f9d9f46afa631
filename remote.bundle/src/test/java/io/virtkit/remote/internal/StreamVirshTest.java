package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.ConnectRequest;
import io.virtkit.api.Connection;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * The stream machinery against the real virsh's {@code vol-upload} and {@code vol-download}, with what the sink and
 * source see and failures injected into them; the daemon's real dispatch on the test driver's volumes is
 * {@link StorageVirshTest}'s. Here a small test peer stands in for the daemon's dispatch of the calls virsh makes to
 * open a stream (upload, download), with a recording sink or source, and hands the stream packets to a real
 * {@link StreamTable}; every other call (virsh's pool and volume lookups first) goes to a real {@link RemoteSession}
 * on the test driver. What this checks is the stream protocol as libvirt's own client speaks it: data, holes, the
 * end, finish and errors. The selector loop's flow control is covered by {@link ServerStreamTest} and the daemon's
 * module tests.
 */
class StreamVirshTest {
    private final TestDriverFactory factory = new TestDriverFactory();

    @TempDir
    Path dir;
    private ServerSocketChannel listener;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final UploadSink sink = new UploadSink();
    private final ByteArrayOutputStream uploaded = new ByteArrayOutputStream();
    private volatile StreamSource downloadSource;
    private volatile StorageArgs.Transfer transfer;
    private Virsh virsh;

    @BeforeEach
    void start() throws IOException {
        ExternalClient.requireInstalled(Path.of(Virsh.BINARY));
        Path socket = dir.resolve("stream-sock");
        listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(socket));
        threads.execute(this::acceptClients);
        // the volume virsh looks up before its upload or download, in the test driver's default pool
        try (Connection conn = factory.open(ConnectRequest.to("test:///default"))) {
            conn.lookupStoragePoolByName("default-pool").createVolume(
                    "<volume><name>vol.img</name><capacity unit='M'>8</capacity></volume>");
        }
        virsh = new Virsh(new ExternalClient(dir), "test+unix:///default?socket=" + socket);
    }

    @AfterEach
    void stop() throws Exception {
        listener.close();
        threads.shutdownNow();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void uploadArrivesWholeAndIsFinished() throws Exception {
        byte[] content = randomBytes(600 * 1024 + 3); // more than two of virsh's packets
        Path file = dir.resolve("up.img");
        Files.write(file, content);

        virsh.ok("vol-upload", "--pool", "default-pool", "vol.img", file.toString(), "--offset", "512");

        assertThat(uploaded.toByteArray()).isEqualTo(content);
        assertThat(sink.calls).endsWith("finish").doesNotContain("abort");
        assertThat(transfer.offset()).isEqualTo(512);
        assertThat(transfer.sparse()).isFalse();
    }

    @Test
    void sparseUploadSendsTheHoles() throws Exception {
        Path file = dir.resolve("sparse.img");
        byte[] head = randomBytes(4096);
        byte[] tail = randomBytes(4096);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.write(head);
            f.seek(4 << 20);
            f.write(tail);
        }

        virsh.ok("vol-upload", "--pool", "default-pool", "vol.img", file.toString(), "--sparse");

        assertThat(transfer.sparse()).isTrue();
        assertThat(sink.calls).anyMatch(c -> c.startsWith("hole ")).endsWith("finish");
        assertThat(uploaded.toByteArray()).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void downloadWritesWhatTheSourceGives() throws Exception {
        byte[] content = randomBytes(700 * 1024);
        RecordingStreams.Source source = RecordingStreams.Source.of(content, 0);
        downloadSource = source;
        Path file = dir.resolve("down.img");

        virsh.ok("vol-download", "--pool", "default-pool", "vol.img", file.toString());

        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        assertThat(source.calls).endsWith("finish").doesNotContain("abort");
    }

    @Test
    void sparseDownloadKeepsTheHole() throws Exception {
        byte[] content = randomBytes(8192);
        RecordingStreams.Source source = RecordingStreams.Source.of(content, 1 << 20);
        downloadSource = source;
        Path file = dir.resolve("down.img");

        virsh.ok("vol-download", "--pool", "default-pool", "vol.img", file.toString(), "--sparse");

        byte[] expected = new byte[content.length * 2 + (1 << 20)];
        System.arraycopy(content, 0, expected, 0, content.length);
        System.arraycopy(content, 0, expected, content.length + (1 << 20), content.length);
        assertThat(Files.readAllBytes(file)).isEqualTo(expected);
        assertThat(source.calls).endsWith("finish");
    }

    @Test
    void aSourceFailureReachesVirshAsItsError() throws Exception {
        downloadSource = new RecordingStreams.Source(List.of(StreamSource.Chunk.data(new byte[1024]))) {
            @Override
            public Chunk next(int max) {
                Chunk c = super.next(max);
                if (calls.size() > 1) {
                    throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.STORAGE, "cannot read volume");
                }
                return c;
            }
        };
        ExternalClient.Result r = virsh.run("vol-download", "--pool", "default-pool", "vol.img",
                dir.resolve("down.img").toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("cannot read volume");
    }

    @Test
    void aSinkFailureReachesVirshAsItsError() throws Exception {
        failUpload = true;
        Path file = dir.resolve("up.img");
        Files.write(file, randomBytes(1024));
        ExternalClient.Result r = virsh.run("vol-upload", "--pool", "default-pool", "vol.img", file.toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("no space left");
        assertThat(sink.calls).contains("abort").doesNotContain("finish");
    }

    private volatile boolean failUpload;

    // ---- the test peer: one client at a time, the storage calls answered here, the rest by a RemoteSession ----

    private void acceptClients() {
        while (listener.isOpen()) {
            try (SocketChannel peer = listener.accept()) {
                serve(peer);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(SocketChannel peer) throws IOException {
        // the channel's own reads and writes: Channels' streams share one lock, so a write would wait for a read
        InputStream in = new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return peer.read(ByteBuffer.wrap(b, off, len));
            }
        };
        Object out = new Object();
        StreamOutput output = new StreamOutput() {
            @Override
            public void send(Packet packet) {
                synchronized (out) {
                    try {
                        ByteBuffer wire = ByteBuffer.wrap(packet.encode());
                        while (wire.hasRemaining()) {
                            peer.write(wire);
                        }
                    } catch (IOException e) {
                        // the client went: its streams go with the connection
                    }
                }
            }

            @Override
            public void closeClient() {
                try {
                    peer.close();
                } catch (IOException e) {
                    // closed already
                }
            }
        };
        StreamTable streams = new StreamTable(output, threads);
        try (RemoteSession session = new RemoteSession(factory, false, output::send)) {
            Packet p;
            while ((p = Packet.read(in)) != null) {
                if (StreamPacket.isStream(p.header())) {
                    streams.route(p, () -> { });
                } else if (p.header().type() == Header.CALL && storageCall(p, streams, output)) {
                    continue;
                } else {
                    Packet reply = session.handle(p);
                    if (reply != null) {
                        output.send(reply);
                    }
                }
            }
        } catch (IOException e) {
            // the client went
        } finally {
            streams.closeAll();
        }
    }

    private boolean storageCall(Packet call, StreamTable streams, StreamOutput output) {
        Procedure p = Procedure.of(call.header().procedure());
        if (p != Procedure.STORAGE_VOL_UPLOAD && p != Procedure.STORAGE_VOL_DOWNLOAD) {
            return false; // the lookups virsh makes first go to the daemon's dispatch
        }
        XdrReader in = new XdrReader(call.body());
        XdrWriter out = new XdrWriter();
        switch (p) {
            case STORAGE_VOL_UPLOAD -> {
                transfer = StorageArgs.Transfer.read(in);
                streams.openUpload(call.header(), transfer.sparse(), sink);
            }
            case STORAGE_VOL_DOWNLOAD -> {
                transfer = StorageArgs.Transfer.read(in);
                streams.openDownload(call.header(), transfer.sparse(), downloadSource);
            }
            default -> throw new IllegalStateException(p.toString());
        }
        Packet reply = new Packet(call.header().reply(Header.OK), out.toByteArray());
        output.send(reply);
        streams.replied(reply.header()); // as RemoteClient does after every reply: a download starts
        return true;
    }

    /** Keeps what was uploaded, holes as zeros; fails its data when the test says so. */
    private final class UploadSink extends RecordingStreams.Sink {
        @Override
        public void data(byte[] bytes) {
            super.data(bytes);
            if (failUpload) {
                throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.STORAGE, "no space left on the pool");
            }
            uploaded.writeBytes(bytes);
        }

        @Override
        public void hole(long length, int flags) {
            super.hole(length, flags);
            uploaded.writeBytes(new byte[(int) length]);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }
}
