package io.virtkit.api;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The sending end of a volume upload ({@link StorageVolume#upload}), libvirt's {@code virStreamPtr} opened by
 * {@code virStorageVolUpload}: the caller writes the volume's new content in order, from the upload's offset,
 * then {@link #finish}es. A local caller (the shell copying a file) and the remote daemon (feeding it what
 * arrives in stream packets) use it alike; a remote driver implements it by sending stream packets.
 * Calls come from one thread at a time. Nothing is known stored before {@link #finish()} returns.
 */
@ProviderType
public interface VolumeUpload extends AutoCloseable {

    /**
     * Writes {@code data}'s remaining bytes at the current position and advances past them; blocks while
     * the volume's side catches up (flow control).
     *
     * @throws VirtException the volume side's error ({@link ErrorCode#OPERATION_INVALID} once finished or
     *         aborted, {@link ErrorCode#INVALID_ARG} past the length asked for)
     */
    void write(ByteBuffer data);

    /**
     * Skips {@code length} bytes as a hole (libvirt's {@code virStreamSendHole}): the volume reads zeros
     * there, and a sparse file stays sparse.
     *
     * @throws VirtException {@link ErrorCode#OPERATION_INVALID} unless the upload was opened with
     *         {@link StorageVolumeStreamFlag#SPARSE_STREAM}
     */
    void skipHole(long length);

    /**
     * Ends the upload (libvirt's {@code virStreamFinish}): returns once everything written is stored, or
     * throws the error that stopped it.
     */
    void finish();

    /** Stops the upload (libvirt's {@code virStreamAbort}); what was written may be partly stored. Idempotent. */
    void abort();

    /** {@link #abort()}s unless {@link #finish()}ed. */
    @Override
    void close();
}
