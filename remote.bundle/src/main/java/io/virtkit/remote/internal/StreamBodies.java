package io.virtkit.remote.internal;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * One client's spare bodies for large stream data packets (what virsh sends of an upload: full packets of
 * {@link StreamPacket#DATA_MAX} bytes, all of one size): a body its stream has handled comes back here and carries the
 * next packet of that size, so that an upload allocates nothing per packet. Without it each 256 KiB packet was garbage,
 * and the daemon's small young generation (the distribution's JVM options) was collected every few packets: 5 s of
 * pauses in a 1 GiB upload and download. A few more than the client's request slots are kept (a packet holds a slot
 * until handled); none once its streams are done.
 */
final class StreamBodies {
    /** Bodies from this size on are kept: a stream's data, not a call's arguments. */
    static final int LARGE = 64 * 1024;
    private static final int SPARE = 8;

    private final ArrayBlockingQueue<byte[]> spare = new ArrayBlockingQueue<>(SPARE);

    /** A body of {@code length} bytes: a spare one of that size for a large packet, else new. */
    byte[] take(int length) {
        if (length >= LARGE) {
            byte[] b = spare.poll();
            if (b != null && b.length == length) {
                return b;
            }
        }
        return new byte[length];
    }

    /** {@code body} is no longer used by anyone: it may carry another packet. */
    void recycle(byte[] body) {
        if (body.length >= LARGE) {
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
