package io.virtkit.remote.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * The bytes on their way to one client's socket: written at once while the socket takes them, else queued (sealed
 * already, for TLS) and written when its selector loop finds the socket writable again. Nothing waits here for the
 * client: a reply or an event for a client that does not read is queued, and a client that leaves more than its limit
 * unread is refused further packets (its caller cuts it off). The limit counts what waits behind the packet at the
 * front, so that one large reply (up to libvirt's 32 MiB) being read is never what cuts a client off. Thread-safe.
 */
final class ClientOutput {
    /** What became of a packet offered. */
    enum Offer {
        /** On the socket already. */
        WRITTEN,
        /** Queued behind others or partly written: the loop must watch the socket for room. */
        QUEUED,
        /** Refused: the client left more than its limit unread. */
        OVER_LIMIT,
        /** Refused: the client took none of its queued bytes for the stall time. */
        STALLED
    }

    /** The most buffers handed to one gathering write. */
    private static final int GATHER = 64;

    private final SocketChannel channel;
    private final ChannelTransport transport;
    private final long stallNanos;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    /** The sealed bytes of each packet in the queue not yet written, front first. */
    private final ArrayDeque<long[]> packets = new ArrayDeque<>();
    private long queued;
    /** When the queue last moved (or was last empty): a client that takes nothing for the stall time is dropped. */
    private long movedAt;

    ClientOutput(SocketChannel channel, ChannelTransport transport, long stallNanos) {
        this.channel = channel;
        this.transport = transport;
        this.stallNanos = stallNanos;
    }

    /**
     * Writes {@code wire} (sealed by the transport) as far as the socket takes it now and queues the rest, in order
     * after what is queued already. Refused without writing anything when the client left more than {@code limit}
     * bytes unread behind the front packet, or took nothing for the stall time.
     *
     * @throws IOException when the socket failed (the client went away)
     */
    synchronized Offer offer(ByteBuffer[] wire, long limit) throws IOException {
        if (!queue.isEmpty()) {
            long behindFront = queued - packets.getFirst()[0];
            if (behindFront + remaining(wire) > limit) {
                return Offer.OVER_LIMIT;
            }
            if (System.nanoTime() - movedAt >= stallNanos) {
                return Offer.STALLED;
            }
        }
        return append(wire);
    }

    /** As {@link #offer}, never refused: for a writer that then waits until its bytes are on the socket. */
    synchronized Offer enqueue(ByteBuffer[] wire) throws IOException {
        return append(wire);
    }

    private Offer append(ByteBuffer[] wire) throws IOException {
        if (queue.isEmpty()) {
            movedAt = System.nanoTime();
        }
        long packet = 0;
        do {
            ByteBuffer[] sealed = transport.seal(wire);
            if (queue.isEmpty()) {
                writeNow(sealed);
            }
            for (ByteBuffer b : sealed) {
                int n = b.remaining();
                if (n > 0) {
                    // a copy: a plain transport's buffers are the caller's (a stream may refill its body)
                    queue.add(ByteBuffer.allocate(n).put(b).flip());
                    packet += n;
                }
            }
        } while (wire.length > 0 && wire[wire.length - 1].hasRemaining());
        if (packet == 0) {
            return Offer.WRITTEN;
        }
        queued += packet;
        packets.add(new long[] {packet});
        return Offer.QUEUED;
    }

    private void writeNow(ByteBuffer[] sealed) throws IOException {
        while (sealed.length > 0 && sealed[sealed.length - 1].hasRemaining()) {
            if (channel.write(sealed) == 0) {
                return;
            }
        }
    }

    /**
     * Writes what the socket takes of the queue now, never waiting: whether the queue is empty after.
     *
     * @throws IOException when the socket failed
     */
    synchronized boolean flush() throws IOException {
        while (!queue.isEmpty()) {
            ByteBuffer[] front = queue.stream().limit(GATHER).toArray(ByteBuffer[]::new);
            long n = channel.write(front);
            if (n == 0) {
                return false;
            }
            movedAt = System.nanoTime();
            consumed(n);
        }
        return true;
    }

    private void consumed(long n) {
        queued -= n;
        while (!queue.isEmpty() && !queue.getFirst().hasRemaining()) {
            queue.removeFirst();
        }
        long left = n;
        while (left > 0) {
            long[] front = packets.getFirst();
            long taken = Math.min(left, front[0]);
            front[0] -= taken;
            left -= taken;
            if (front[0] == 0) {
                packets.removeFirst();
            }
        }
    }

    /** Whether bytes wait for room in the socket. */
    synchronized boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Bytes waiting now. */
    synchronized long queued() {
        return queued;
    }

    /** How long the queue may stay unmoved before now, or 0 when the stall time is over; the queue is not empty. */
    synchronized long stallLeft() {
        return Math.max(0, stallNanos - (System.nanoTime() - movedAt));
    }

    /** Forgets what is queued: the client is gone. */
    synchronized void clear() {
        queue.clear();
        packets.clear();
        queued = 0;
    }

    private static long remaining(ByteBuffer[] wire) {
        long n = 0;
        for (ByteBuffer b : wire) {
            n += b.remaining();
        }
        return n;
    }
}
