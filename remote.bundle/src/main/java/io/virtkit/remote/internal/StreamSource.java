package io.virtkit.remote.internal;

/**
 * Where the data of a download stream (daemon to client, {@code virStorageVolDownload}) comes from: the storage
 * glue's side of the stream. The daemon pulls: it asks for the next chunk only once the previous packet has been
 * written to the client's socket (libvirtd keeps one packet in flight per stream), so a slow client slows the
 * reading, and nothing piles up in the daemon. Calls come on a worker thread, one at a time.
 *
 * <p>A {@link io.virtkit.api.VirtException} thrown from {@link #next} ends the stream with that error sent to the
 * client as a stream error; {@link #abort} is not called afterwards.
 */
interface StreamSource {
    /**
     * The next piece of the stream: at most {@code max} bytes of data, a hole (only on a sparse stream), or
     * {@link Chunk#END} once everything was sent. May block while the data is read. The daemon has sent a chunk's
     * data before it asks for the next, so a source may read each chunk into the same array.
     */
    Chunk next(int max);

    /** The client acknowledged the end of the data ({@code virStreamFinish}); an exception reports a failure. */
    void finish();

    /** The client aborted, the connection went, or the daemon stops before the end. Never throws. */
    void abort();

    /** A piece of a download: data, or a hole of {@code holeLength} bytes, or the end. */
    record Chunk(byte[] data, long holeLength) {
        static final Chunk END = new Chunk(new byte[0], 0);

        static Chunk data(byte[] bytes) {
            if (bytes.length == 0) {
                throw new IllegalArgumentException("empty data is the end of the stream: use Chunk.END");
            }
            return new Chunk(bytes, 0);
        }

        static Chunk hole(long length) {
            if (length <= 0) {
                throw new IllegalArgumentException("a hole needs a positive length: " + length);
            }
            return new Chunk(new byte[0], length);
        }

        boolean isHole() {
            return holeLength > 0;
        }

        boolean isEnd() {
            return holeLength == 0 && data.length == 0;
        }
    }
}
