package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/** The daemon's stream machinery over a recording client: order, answers, errors and flow control as libvirtd's. */
class ServerStreamTest {
    private static final int VOL_UPLOAD = 208;
    private static final int VOL_DOWNLOAD = 209;

    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final Client client = new Client();
    private final StreamTable table = new StreamTable(client, workers);
    private final AtomicInteger released = new AtomicInteger();

    @AfterEach
    void stop() throws InterruptedException {
        workers.shutdownNow();
        assertThat(workers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void uploadHandsDataAndHolesToTheSinkInOrderAndConfirmsTheFinish() throws Exception {
        RecordingStreams.Sink sink = new RecordingStreams.Sink();
        table.openUpload(call(VOL_UPLOAD, 3), true, sink);
        route(StreamPacket.data(new byte[] {1, 2}), VOL_UPLOAD, 3);
        route(StreamPacket.hole(8192, 0), VOL_UPLOAD, 3);
        route(StreamPacket.data(new byte[] {3}), VOL_UPLOAD, 3);
        route(StreamPacket.finish(), VOL_UPLOAD, 3);

        Packet confirm = client.next();
        assertThat(confirm.header()).isEqualTo(streamHeader(VOL_UPLOAD, 3, Header.STREAM, Header.OK));
        assertThat(confirm.body()).isEmpty();
        assertThat(sink.calls).containsExactly("data 2", "hole 8192", "data 1", "finish");
        awaitReleased(4);
        assertThat(table.size()).isZero();
        assertThat(client.sent).hasSize(1); // data and holes are never answered
    }

    @Test
    void aSlowSinkHoldsThePacketsSlotsUntilItHasTakenThem() throws Exception {
        Semaphore gate = new Semaphore(0);
        RecordingStreams.Sink sink = new RecordingStreams.Sink() {
            @Override
            public void data(byte[] bytes) {
                super.data(bytes);
                gate.acquireUninterruptibly();
            }
        };
        table.openUpload(call(VOL_UPLOAD, 3), false, sink);
        for (int i = 0; i < 5; i++) {
            route(StreamPacket.data(new byte[] {(byte) i}), VOL_UPLOAD, 3);
        }
        sink.awaitCalls(1);
        assertThat(released.get()).isZero(); // the client's slots stay taken: its loop stops reading it
        gate.release();
        sink.awaitCalls(2);
        awaitReleased(1);
        assertThat(released.get()).isEqualTo(1);
        gate.release(4);
        awaitReleased(5);
        assertThat(sink.calls).hasSize(5);
    }

    @Test
    void aSinkFailureIsAStreamErrorAndDropsWhatFollows() throws Exception {
        RecordingStreams.Sink sink = new RecordingStreams.Sink() {
            @Override
            public void data(byte[] bytes) {
                super.data(bytes);
                throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.STORAGE, "disk full");
            }
        };
        table.openUpload(call(VOL_UPLOAD, 3), false, sink);
        route(StreamPacket.data(new byte[] {1}), VOL_UPLOAD, 3);
        Packet error = client.next();
        assertThat(error.header()).isEqualTo(streamHeader(VOL_UPLOAD, 3, Header.STREAM, Header.ERROR));
        XdrReader body = new XdrReader(error.body());
        assertThat(body.readInt()).isEqualTo(ErrorCode.SYSTEM_ERROR.number());
        assertThat(body.readInt()).isEqualTo(ErrorDomain.STORAGE.number());
        assertThat(body.readOptionalString(1000)).contains("disk full");
        route(StreamPacket.data(new byte[] {2}), VOL_UPLOAD, 3);
        route(StreamPacket.finish(), VOL_UPLOAD, 3);
        awaitReleased(3);
        assertThat(sink.calls).containsExactly("data 1", "abort");
        assertThat(table.size()).isZero();
        assertThat(client.sent).hasSize(1);
    }

    @Test
    void aFailedFinishIsReportedWithoutAnAbort() throws Exception {
        RecordingStreams.Sink sink = new RecordingStreams.Sink() {
            @Override
            public void finish() {
                super.finish();
                throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.STORAGE, "fsync failed");
            }
        };
        table.openUpload(call(VOL_UPLOAD, 4), false, sink);
        route(StreamPacket.finish(), VOL_UPLOAD, 4);
        Packet error = client.next();
        assertThat(error.header()).isEqualTo(streamHeader(VOL_UPLOAD, 4, Header.STREAM, Header.ERROR));
        assertThat(sink.calls).containsExactly("finish");
    }

    @Test
    void aFailedHoleIsAReplyErrorAsLibvirtdSendsIt() throws Exception {
        RecordingStreams.Sink sink = new RecordingStreams.Sink() {
            @Override
            public void hole(long length, int flags) {
                super.hole(length, flags);
                throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.STORAGE, "cannot seek");
            }
        };
        table.openUpload(call(VOL_UPLOAD, 9), true, sink);
        route(StreamPacket.hole(4096, 0), VOL_UPLOAD, 9);
        Packet error = client.next();
        assertThat(error.header()).isEqualTo(streamHeader(VOL_UPLOAD, 9, Header.REPLY, Header.ERROR));
        sink.awaitCalls(2);
        assertThat(sink.calls).containsExactly("hole 4096", "abort");
    }

    @Test
    void theClientsAbortAbortsTheSinkAndIsConfirmed() throws Exception {
        RecordingStreams.Sink sink = new RecordingStreams.Sink();
        table.openUpload(call(VOL_UPLOAD, 5), false, sink);
        route(StreamPacket.data(new byte[] {1}), VOL_UPLOAD, 5);
        route(StreamPacket.abort(new byte[0]), VOL_UPLOAD, 5);
        assertThat(client.next().header()).isEqualTo(streamHeader(VOL_UPLOAD, 5, Header.STREAM, Header.OK));
        assertThat(sink.calls).containsExactly("data 1", "abort");
    }

    @Test
    void aHoleOnAStreamNotSparseDropsTheClient() throws Exception {
        RecordingStreams.Sink sink = new RecordingStreams.Sink();
        table.openUpload(call(VOL_UPLOAD, 6), false, sink);
        route(StreamPacket.hole(512, 0), VOL_UPLOAD, 6);
        assertThat(client.closed.await(10, TimeUnit.SECONDS)).isTrue();
        sink.awaitCalls(1);
        assertThat(sink.calls).containsExactly("abort");
        assertThat(client.sent).isEmpty();
    }

    @Test
    void theConnectionGoingAbortsEveryStreamSilently() throws Exception {
        RecordingStreams.Sink sink = new RecordingStreams.Sink();
        RecordingStreams.Source source = new RecordingStreams.Source(List.of());
        table.openUpload(call(VOL_UPLOAD, 7), false, sink);
        table.openDownload(call(VOL_DOWNLOAD, 8), false, source); // not started: nothing pulled
        table.closeAll();
        sink.awaitCalls(1);
        source.awaitCalls(1);
        assertThat(sink.calls).containsExactly("abort");
        assertThat(source.calls).containsExactly("abort");
        assertThat(client.sent).isEmpty();
        awaitTableEmpty();
    }

    @Test
    void packetsOfNoOpenStreamAreDroppedAndFreeTheirSlot() {
        route(StreamPacket.data(new byte[] {1}), VOL_UPLOAD, 99);
        assertThat(released.get()).isEqualTo(1);
        assertThat(client.sent).isEmpty();
    }

    @Test
    void aMalformedPacketForAnOpenStreamDropsTheClient() throws Exception {
        RecordingStreams.Sink sink = new RecordingStreams.Sink();
        table.openUpload(call(VOL_UPLOAD, 10), true, sink);
        table.route(new Packet(streamHeader(VOL_UPLOAD, 10, Header.STREAM_HOLE, Header.CONTINUE), new byte[3]),
                released::incrementAndGet);
        assertThat(client.closed.await(10, TimeUnit.SECONDS)).isTrue();
        sink.awaitCalls(1);
        assertThat(sink.calls).containsExactly("abort");
        assertThat(released.get()).isEqualTo(1);
    }

    @Test
    void downloadSendsChunksOneAtATimeThenTheEndAndConfirmsTheFinish() throws Exception {
        RecordingStreams.Source source = new RecordingStreams.Source(List.of(StreamSource.Chunk.data(new byte[] {1, 2, 3}),
                StreamSource.Chunk.hole(4096), StreamSource.Chunk.data(new byte[] {4})));
        client.holdWrites();
        table.openDownload(call(VOL_DOWNLOAD, 11), true, source).start();
        Packet first = client.next();
        assertThat(first.header()).isEqualTo(streamHeader(VOL_DOWNLOAD, 11, Header.STREAM, Header.CONTINUE));
        assertThat(first.body()).containsExactly(1, 2, 3);
        // the first packet is still being written: the source is not asked for more
        assertThat(source.calls).containsExactly("next");
        client.releaseWrites();
        Packet hole = client.next();
        assertThat(hole.header().type()).isEqualTo(Header.STREAM_HOLE);
        assertThat(StreamPacket.decode(hole).holeLength()).isEqualTo(4096);
        assertThat(client.next().body()).containsExactly(4);
        Packet end = client.next();
        assertThat(end.header()).isEqualTo(streamHeader(VOL_DOWNLOAD, 11, Header.STREAM, Header.CONTINUE));
        assertThat(end.body()).isEmpty();
        assertThat(table.size()).isEqualTo(1); // open until the client finishes

        route(StreamPacket.finish(), VOL_DOWNLOAD, 11);
        assertThat(client.next().header()).isEqualTo(streamHeader(VOL_DOWNLOAD, 11, Header.STREAM, Header.OK));
        assertThat(source.calls).containsExactly("next", "next", "next", "next", "finish");
        awaitTableEmpty();
    }

    @Test
    void aDownloadStartsWithItsCallsOkReplyAndGoesWithAnErrorOne() throws Exception {
        RecordingStreams.Source sent = new RecordingStreams.Source(List.of());
        table.openDownload(call(VOL_DOWNLOAD, 20), false, sent);
        table.replied(new Header(RemoteSession.REMOTE_PROGRAM, 1, VOL_DOWNLOAD, Header.REPLY, 20, Header.OK));
        Packet end = client.next();
        assertThat(end.header()).isEqualTo(streamHeader(VOL_DOWNLOAD, 20, Header.STREAM, Header.CONTINUE));
        assertThat(end.body()).isEmpty();

        RecordingStreams.Source failed = new RecordingStreams.Source(List.of());
        table.openDownload(call(VOL_DOWNLOAD, 21), false, failed);
        table.replied(new Header(RemoteSession.REMOTE_PROGRAM, 1, VOL_DOWNLOAD, Header.REPLY, 21, Header.ERROR));
        failed.awaitCalls(1);
        assertThat(failed.calls).containsExactly("abort");
        RecordingStreams.await(() -> table.size() == 1); // only the first, waiting for its finish
        // another call's reply with the same serial touches no stream
        table.replied(new Header(RemoteSession.REMOTE_PROGRAM, 1, 3, Header.REPLY, 20, Header.ERROR));
        assertThat(table.size()).isEqualTo(1);
        assertThat(client.sent).hasSize(1);
    }

    @Test
    void aSourceFailureIsAStreamError() throws Exception {
        RecordingStreams.Source source = new RecordingStreams.Source(List.of()) {
            @Override
            public Chunk next(int max) {
                super.next(max);
                throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.STORAGE, "read failed");
            }
        };
        table.openDownload(call(VOL_DOWNLOAD, 12), false, source).start();
        Packet error = client.next();
        assertThat(error.header()).isEqualTo(streamHeader(VOL_DOWNLOAD, 12, Header.STREAM, Header.ERROR));
        XdrReader body = new XdrReader(error.body());
        assertThat(body.readInt()).isEqualTo(ErrorCode.SYSTEM_ERROR.number());
        assertThat(body.readInt()).isEqualTo(ErrorDomain.STORAGE.number());
        awaitTableEmpty();
        assertThat(source.calls).containsExactly("next");
    }

    @Test
    void aHoleFromTheSourceOfAStreamNotSparseIsAnInternalError() throws Exception {
        RecordingStreams.Source source = new RecordingStreams.Source(List.of(StreamSource.Chunk.hole(10)));
        table.openDownload(call(VOL_DOWNLOAD, 13), false, source).start();
        Packet error = client.next();
        assertThat(error.header().status()).isEqualTo(Header.ERROR);
        assertThat(new XdrReader(error.body()).readInt()).isEqualTo(ErrorCode.INTERNAL_ERROR.number());
        source.awaitCalls(2);
        assertThat(source.calls).containsExactly("next", "abort");
    }

    @Test
    void theClientsAbortStopsADownload() throws Exception {
        Semaphore gate = new Semaphore(0);
        RecordingStreams.Source source = new RecordingStreams.Source(List.of()) {
            @Override
            public Chunk next(int max) {
                super.next(max);
                gate.acquireUninterruptibly();
                return Chunk.data(new byte[] {7});
            }
        };
        table.openDownload(call(VOL_DOWNLOAD, 14), false, source).start();
        source.awaitCalls(1);
        route(StreamPacket.abort(new byte[0]), VOL_DOWNLOAD, 14);
        gate.release(10);
        Packet last;
        do {
            last = client.next();
        } while (last.header().status() == Header.CONTINUE);
        assertThat(last.header()).isEqualTo(streamHeader(VOL_DOWNLOAD, 14, Header.STREAM, Header.OK));
        assertThat(source.calls).endsWith("abort").doesNotContain("finish");
        awaitTableEmpty();
    }

    @Test
    void theDaemonsAbortSendsItsErrorAndAbortsTheGlue() throws Exception {
        RecordingStreams.Sink sink = new RecordingStreams.Sink();
        UploadStream upload = table.openUpload(call(VOL_UPLOAD, 15), false, sink);
        upload.abort(new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.STORAGE, "pool destroyed"));
        Packet error = client.next();
        assertThat(error.header()).isEqualTo(streamHeader(VOL_UPLOAD, 15, Header.STREAM, Header.ERROR));
        assertThat(new XdrReader(error.body()).readInt()).isEqualTo(ErrorCode.OPERATION_ABORTED.number());
        assertThat(sink.calls).containsExactly("abort");
        awaitTableEmpty();
    }

    @Test
    void aSecondStreamOnTheSameCallIsRefused() {
        table.openUpload(call(VOL_UPLOAD, 16), false, new RecordingStreams.Sink());
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> table.openDownload(call(VOL_UPLOAD, 16), false, new RecordingStreams.Source(List.of())))
                .isInstanceOf(VirtException.class);
    }

    private void route(StreamPacket packet, int procedure, int serial) {
        table.route(packet.encode(new StreamPacket.Id(procedure, serial)), released::incrementAndGet);
    }

    private static Header call(int procedure, int serial) {
        return new Header(RemoteSession.REMOTE_PROGRAM, 1, procedure, Header.CALL, serial, Header.OK);
    }

    private static Header streamHeader(int procedure, int serial, int type, int status) {
        return new Header(RemoteSession.REMOTE_PROGRAM, 1, procedure, type, serial, status);
    }

    private void awaitReleased(int count) throws InterruptedException {
        RecordingStreams.await(() -> released.get() >= count);
        assertThat(released.get()).isEqualTo(count);
    }

    private void awaitTableEmpty() throws InterruptedException {
        RecordingStreams.await(() -> table.size() == 0);
    }

    /** The client's side: what was written to it, with writes that can be held as a full socket holds them. */
    private static final class Client implements StreamOutput {
        final List<Packet> sent = new CopyOnWriteArrayList<>();
        final BlockingQueue<Packet> arrived = new LinkedBlockingQueue<>();
        final CountDownLatch closed = new CountDownLatch(1);
        private final Semaphore writes = new Semaphore(Integer.MAX_VALUE);
        private volatile boolean holding;

        @Override
        public void send(Packet packet) {
            sent.add(packet);
            arrived.add(packet);
            if (holding) {
                writes.acquireUninterruptibly();
            }
        }

        @Override
        public void closeClient() {
            closed.countDown();
        }

        void holdWrites() {
            writes.drainPermits();
            holding = true;
        }

        void releaseWrites() {
            holding = false;
            writes.release(Integer.MAX_VALUE / 2);
        }

        Packet next() throws InterruptedException {
            Packet p = arrived.poll(10, TimeUnit.SECONDS);
            assertThat(p).as("a packet sent to the client").isNotNull();
            return p;
        }
    }

}
