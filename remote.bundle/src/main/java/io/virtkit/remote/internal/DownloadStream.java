package io.virtkit.remote.internal;

import java.util.concurrent.Executor;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * A stream from the daemon to the client ({@code virStorageVolDownload}): once {@link #start() started} (after the
 * call's reply is on the wire), it pulls the {@link StreamSource} one chunk per packet, the next only when the last
 * is written, and sends the end as an empty data packet (status CONTINUE: libvirt's client takes an OK packet it did
 * not ask for as a protocol error). As libvirtd: a source failure is sent as a stream
 * error; the client's finish (after or before the end) finishes the source and is confirmed with an empty OK packet,
 * its abort aborts the source and is confirmed the same way; data the client sends on it is refused.
 */
final class DownloadStream extends ServerStream {
    private final StreamSource source;
    private volatile boolean started;
    private boolean endSent; // only the stream's step touches it

    DownloadStream(StreamPacket.Id id, boolean sparse, StreamSource source, StreamOutput out, Executor executor) {
        super(id, sparse, out, executor);
        this.source = source;
    }

    @Override
    void opened() {
        start();
    }

    /** Starts sending: once the reply that opened the stream has been written ({@link StreamTable#replied}). */
    void start() {
        started = true;
        schedule();
    }

    @Override
    void handle(StreamPacket packet) {
        switch (packet.kind()) {
            case FINISH -> {
                end();
                try {
                    source.finish();
                } catch (VirtException e) {
                    sendError(packet, e);
                    return;
                } catch (RuntimeException e) {
                    sendError(packet, internal(e));
                    return;
                }
                send(StreamPacket.finish());
            }
            case ABORT -> {
                end();
                source.abort();
                send(StreamPacket.finish());
            }
            case DATA, HOLE -> {
                end();
                source.abort();
                sendError(packet, new VirtException(ErrorCode.OPERATION_UNSUPPORTED, ErrorDomain.STREAMS,
                        "the stream of a download cannot be written"));
            }
            default -> throw new IllegalStateException(packet.kind().toString());
        }
    }

    @Override
    boolean hasOwnWork() {
        return started && !endSent;
    }

    @Override
    void produce() {
        if (!started || endSent) {
            return;
        }
        StreamSource.Chunk chunk;
        try {
            chunk = source.next(StreamPacket.DATA_MAX);
            if (chunk.data().length > StreamPacket.DATA_MAX) {
                throw new IllegalStateException("a chunk of " + chunk.data().length + " bytes");
            }
            if (chunk.isHole() && !sparse()) {
                throw new IllegalStateException("a hole on a stream that is not sparse");
            }
        } catch (VirtException e) {
            end();
            send(StreamPacket.abort(errorBody(e)));
            return;
        } catch (RuntimeException e) {
            source.abort();
            end();
            send(StreamPacket.abort(errorBody(internal(e))));
            return;
        }
        if (chunk.isEnd()) {
            endSent = true; // the stream stays open for the client's finish
            send(StreamPacket.data(new byte[0]));
        } else if (chunk.isHole()) {
            send(StreamPacket.hole(chunk.holeLength(), 0));
        } else {
            send(StreamPacket.data(chunk.data()));
        }
    }

    @Override
    void abortGlue() {
        source.abort();
    }
}
