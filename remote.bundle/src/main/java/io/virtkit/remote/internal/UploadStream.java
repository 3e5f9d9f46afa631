package io.virtkit.remote.internal;

import java.util.concurrent.Executor;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * A stream from the client into the daemon ({@code virStorageVolUpload}): each packet goes to the {@link StreamSink}
 * in order. As libvirtd: data and holes get no answer; a failure ends the stream with its error (a stream error
 * packet; a REPLY error under the stream's serial when a hole failed); the client's finish gets an empty OK stream
 * packet once the sink has finished (or the error), its abort an empty OK stream packet; a hole on a stream not
 * opened sparse drops the client.
 */
final class UploadStream extends ServerStream {
    private final StreamSink sink;

    UploadStream(StreamPacket.Id id, boolean sparse, StreamSink sink, StreamOutput out, Executor executor) {
        super(id, sparse, out, executor);
        this.sink = sink;
    }

    @Override
    void handle(StreamPacket packet) {
        try {
            switch (packet.kind()) {
                case DATA -> {
                    if (packet.data().length > 0) { // an empty one marks the end of the data, the finish follows
                        sink.data(packet.data());
                    }
                }
                case HOLE -> {
                    if (!sparse()) {
                        // libvirtd: "Unexpected stream hole", a fatal protocol error for the client
                        sink.abort();
                        end();
                        closeClient();
                        return;
                    }
                    if (packet.holeLength() < 0) {
                        throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.STREAMS,
                                "length must be non-negative");
                    }
                    sink.hole(packet.holeLength(), packet.holeFlags());
                }
                case FINISH -> {
                    end();
                    sink.finish();
                    send(StreamPacket.finish());
                }
                case ABORT -> {
                    end();
                    sink.abort();
                    send(StreamPacket.finish()); // the empty confirmation libvirtd sends
                }
                default -> throw new IllegalStateException(packet.kind().toString());
            }
        } catch (VirtException e) {
            fail(packet, e);
        } catch (RuntimeException e) {
            fail(packet, internal(e));
        }
    }

    private void fail(StreamPacket packet, VirtException e) {
        if (packet.kind() != StreamPacket.Kind.FINISH) {
            // the sink failed within data or a hole: it is aborted, so that nothing half-written stays
            sink.abort();
        }
        end();
        sendError(packet, e);
    }

    @Override
    boolean hasOwnWork() {
        return false;
    }

    @Override
    void produce() {
        // an upload only answers
    }

    @Override
    void abortGlue() {
        sink.abort();
    }
}
