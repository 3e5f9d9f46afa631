package io.virtkit.remote.internal;

/**
 * Where the data of an upload stream (client to daemon, {@code virStorageVolUpload}) goes: the storage glue's
 * side of the stream. The daemon calls it on a worker thread, one call at a time and in the client's order; a call
 * may block (writing to a disk) and the daemon meanwhile stops reading the client's socket once the client has
 * its maximum of packets queued, as libvirtd does: the back-pressure reaches the client through its socket.
 *
 * <p>A {@link io.virtkit.api.VirtException} thrown from {@link #data}, {@link #hole} or {@link #finish} ends the
 * stream: the client gets it as the error of its next stream call, and {@link #abort} is not called afterwards
 * (the sink cleans up before throwing).
 */
interface StreamSink {
    /** The next bytes of the stream (at most a packet's worth); the daemon reuses the array once this returns. */
    void data(byte[] bytes);

    /**
     * A hole of {@code length} bytes: only on a stream opened as sparse ({@code VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM});
     * the daemon refuses holes on any other.
     */
    void hole(long length, int flags);

    /** The client finished the stream: make the data durable; an exception reports the failure to the client. */
    void finish();

    /** The client aborted, the connection went or the daemon stops: drop what was written. Never throws. */
    void abort();
}
