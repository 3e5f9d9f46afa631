package io.virtkit.remote.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * One client's open streams, keyed by the procedure and serial of the call that opened each (libvirtd's stream
 * filters): routes the client's stream packets to them, and aborts them all when the connection goes.
 */
final class StreamTable {
    private final Map<StreamPacket.Id, ServerStream> streams = new ConcurrentHashMap<>();
    private final StreamOutput out;
    private final Executor executor;
    private volatile boolean closed;

    StreamTable(StreamOutput out, Executor executor) {
        this.out = out;
        this.executor = executor;
    }

    /**
     * Opens an upload for the call {@code call}, from within the call: the client's packets for it go to {@code sink}
     * (the client sends them once it has the call's OK reply).
     */
    UploadStream openUpload(Header call, boolean sparse, StreamSink sink) {
        return add(new UploadStream(StreamPacket.Id.of(call), sparse, sink, out, executor));
    }

    /** Opens a download for the call {@code call}; it sends once the call's OK reply is out ({@link #replied}). */
    DownloadStream openDownload(Header call, boolean sparse, StreamSource source) {
        return add(new DownloadStream(StreamPacket.Id.of(call), sparse, source, out, executor));
    }

    private <S extends ServerStream> S add(S stream) {
        if (closed) {
            throw new VirtException(ErrorCode.RPC, ErrorDomain.RPC, "the connection is closing");
        }
        if (streams.putIfAbsent(stream.id(), stream) != null) {
            throw new VirtException(ErrorCode.RPC, ErrorDomain.RPC, "a stream is open already for " + stream.id());
        }
        stream.onClosed(() -> streams.remove(stream.id(), stream));
        if (closed) {
            stream.connectionGone(); // closeAll ran meanwhile and did not see it
        }
        return stream;
    }

    /**
     * Hands a stream packet to its stream; {@code release} frees the packet's request slot once it is handled. A packet
     * for no open stream is dropped, as libvirtd drops data still in flight after an abort; one that cannot be decoded
     * drops the client.
     */
    void route(Packet packet, Runnable release) {
        ServerStream stream = streams.get(StreamPacket.Id.of(packet.header()));
        if (stream == null || packet.header().program() != RemoteSession.REMOTE_PROGRAM
                || packet.header().version() != 1) {
            release.run();
            return;
        }
        StreamPacket decoded;
        try {
            decoded = StreamPacket.decode(packet);
        } catch (XdrException e) {
            release.run();
            stream.connectionGone();
            out.closeClient();
            return;
        }
        stream.accept(decoded, release);
    }

    /**
     * The reply to the call that may have opened a stream is on the wire: an OK one lets the stream go (a download
     * starts sending), an error one discards a stream the call opened before failing, its glue side aborted, as
     * libvirtd removes the stream of a failed upload or download call. Calls without a stream are not affected.
     */
    void replied(Header reply) {
        ServerStream stream = streams.get(StreamPacket.Id.of(reply));
        if (stream == null) {
            return;
        }
        if (reply.status() == Header.OK) {
            stream.opened();
        } else {
            stream.connectionGone();
        }
    }

    int size() {
        return streams.size();
    }

    /** The connection went: every stream is aborted on the glue's side. */
    void closeAll() {
        closed = true;
        for (ServerStream s : List.copyOf(streams.values())) {
            s.connectionGone();
        }
    }
}
