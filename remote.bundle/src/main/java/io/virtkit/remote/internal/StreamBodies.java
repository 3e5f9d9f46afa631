package io.virtkit.remote.internal;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * One client's spare bodies for full stream data packets ({@link StreamPacket#DATA_MAX} bytes, what virsh sends of an
 * upload): a body its stream has handled comes back here and carries the next packet, so that an upload allocates
 * nothing per packet. Without it each 256 KiB packet was garbage, and the daemon's small young generation (the
 * distribution's JVM options) was collected every few packets: 5 s of pauses in a 1 GiB upload and download. A few
 * more than the client's request slots are kept (a packet holds a slot until handled); none once its streams are done.
 */
final class StreamBodies {
    private static final int SPARE = 8;

    private final ArrayBlockingQueue<byte[]> spare = new ArrayBlockingQueue<>(SPARE);

    /** A body of {@code length} bytes: a spare one for a full data packet, else new. */
    byte[] take(int length) {
        if (length == StreamPacket.DATA_MAX) {
            byte[] b = spare.poll();
            if (b != null) {
                return b;
            }
        }
        return new byte[length];
    }

    /** {@code body} is no longer used by anyone: it may carry another packet. */
    void recycle(byte[] body) {
        if (body.length == StreamPacket.DATA_MAX) {
            spare.offer(body); // dropped when enough are spare
        }
    }

    /** The client's streams are done: the spares go (a client that uploaded once does not keep 2 MiB). */
    void clear() {
        spare.clear();
    }

    int spare() {
        return spare.size();
    }
}
