package io.virtkit.remote.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * The daemon's end of one RPC stream (libvirtd's {@code daemonClientStream}): the packets the client sent for it,
 * in order, and the work they cause, run on a worker thread one step at a time so that the storage glue's calls
 * never overlap and never run on a selector loop (unless every worker is busy, as with events).
 *
 * <p>Every packet the client sent holds one of the client's request slots until the stream is done with it
 * ({@code release}): a client whose sink is slow thus fills its slots and its loop stops reading it, libvirtd's
 * flow control for uploads.
 */
abstract sealed class ServerStream permits UploadStream, DownloadStream {
    private static final Logger LOG = Logger.getLogger(ServerStream.class.getName());

    private record Inbound(StreamPacket packet, Runnable release) { }

    private final StreamPacket.Id id;
    private final StreamOutput out;
    private final Executor executor;
    private final boolean sparse;
    private final Queue<Inbound> inbound = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean closed;
    private volatile boolean gone;
    private volatile VirtException daemonAbort;
    private volatile Runnable onClosed = () -> { };

    ServerStream(StreamPacket.Id id, boolean sparse, StreamOutput out, Executor executor) {
        this.id = id;
        this.sparse = sparse;
        this.out = out;
        this.executor = executor;
    }

    StreamPacket.Id id() {
        return id;
    }

    /** Whether holes may travel on the stream (the procedure's SPARSE_STREAM flag). */
    boolean sparse() {
        return sparse;
    }

    boolean isClosed() {
        return closed;
    }

    /** What to run once the stream has ended (its table forgets it). */
    void onClosed(Runnable action) {
        onClosed = action;
    }

    /** A packet the client sent for this stream; {@code release} frees its request slot once it is handled. */
    void accept(StreamPacket packet, Runnable release) {
        if (closed) {
            release.run(); // data still in flight after an abort: dropped, as libvirtd drops it
            return;
        }
        inbound.add(new Inbound(packet, release));
        schedule();
    }

    /** The call that opened the stream has answered OK: the stream may send (a download starts). */
    void opened() {
        // an upload only waits for the client's packets
    }

    /** The connection went: the stream is aborted on its side (sink or source), nothing is sent. */
    void connectionGone() {
        gone = true;
        schedule();
    }

    /** The daemon ends the stream with {@code error}: the glue's side is aborted and the client gets the error. */
    void abort(VirtException error) {
        daemonAbort = error;
        schedule();
    }

    final void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            executor.execute(this::run);
        }
    }

    /**
     * Steps until there is nothing to do; a step that leaves work (a download's next chunk) is followed on the same
     * thread: the pump holds one worker for as long as it streams, and waits with it while the client's socket is
     * full, which is the download's flow control.
     */
    private void run() {
        do {
            try {
                if (!closed) {
                    step();
                } else {
                    releaseQueued(); // a packet that came in while the stream was ending
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "stream " + id + " failed unexpectedly", e);
                end();
            }
            scheduled.set(false);
        } while (hasWork() && scheduled.compareAndSet(false, true));
    }

    private boolean hasWork() {
        return !inbound.isEmpty() || !closed && (gone || daemonAbort != null || hasOwnWork());
    }

    /** One step: handle queued packets, a gone connection or a daemon abort, or produce one packet. */
    private void step() {
        if (gone) {
            abortGlue();
            end();
            return;
        }
        VirtException abort = daemonAbort;
        if (abort != null) {
            abortGlue();
            end();
            send(StreamPacket.abort(errorBody(abort)));
            return;
        }
        Inbound in;
        while (!closed && (in = inbound.poll()) != null) {
            try {
                handle(in.packet());
            } finally {
                in.release().run();
            }
        }
        if (!closed) {
            produce();
        }
    }

    /** Handles one packet from the client. */
    abstract void handle(StreamPacket packet);

    /** Whether the stream has something to send without being asked (a download's next chunk). */
    abstract boolean hasOwnWork();

    /** Sends the next packet of its own, if it has one. */
    abstract void produce();

    /** Aborts the glue's side; never throws. */
    abstract void abortGlue();

    /** Ends the stream: later packets are dropped, queued ones released, the table forgets it. Harmless twice. */
    final void end() {
        if (closed) {
            return;
        }
        closed = true;
        releaseQueued();
        onClosed.run();
    }

    private void releaseQueued() {
        Inbound left;
        while ((left = inbound.poll()) != null) {
            left.release().run();
        }
    }

    final void send(StreamPacket packet) {
        out.send(packet.encode(id));
    }

    /**
     * libvirtd's {@code virNetServerProgramSendReplyError} for the client's packet {@code cause}: the error goes back
     * as a stream packet (status ERROR) when the cause was a stream packet, and, as libvirtd does it, as a REPLY
     * under the stream's serial when it was a hole. Both carry a {@code remote_error}.
     */
    final void sendError(StreamPacket cause, VirtException error) {
        if (cause.kind() != StreamPacket.Kind.HOLE) {
            send(StreamPacket.abort(errorBody(error)));
            return;
        }
        out.send(new Packet(new Header(RemoteSession.REMOTE_PROGRAM, 1, id.procedure(), Header.REPLY, id.serial(),
                Header.ERROR), errorBody(error)));
    }

    final void closeClient() {
        out.closeClient();
    }

    static byte[] errorBody(VirtException e) {
        return RemoteSession.error(e.code().number(), e.domain().number(), e.getMessage());
    }

    /** What the client is told when the glue fails with something other than a libvirt error: a bug. */
    static VirtException internal(RuntimeException e) {
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.STREAMS, String.valueOf(e.getMessage()));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + id;
    }
}
