package io.virtkit.api;

import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The receiving end of a volume download ({@link StorageVolume#download}), libvirt's {@code virStreamPtr}
 * opened by {@code virStorageVolDownload}: the caller reads the volume's content in order, from the
 * download's offset, until the end. With {@link StorageVolumeStreamFlag#SPARSE_STREAM} holes come as holes:
 * {@link #read} stops at one and {@link #skipHole} passes it. A local caller (the shell writing a file) and
 * the remote daemon (sending what it reads as stream packets) use it alike; a remote driver implements it
 * over received packets. Calls come from one thread at a time.
 */
@ProviderType
public interface VolumeDownload extends AutoCloseable {

    /**
     * Reads data into {@code into}'s remaining space, blocking until some arrives.
     *
     * @return the number of bytes read; 0 when the next bytes are a hole (only for a sparse download: call
     *         {@link #skipHole}) or {@code into} has no room; -1 at the end of the download
     * @throws VirtException the volume side's error
     */
    int read(ByteBuffer into);

    /**
     * Passes the hole at the current position (libvirt's {@code virStreamRecvHole}).
     *
     * @return the hole's length in bytes, now skipped; 0 when the next bytes are data or at the end
     */
    long skipHole();

    /** Stops the download (libvirt's {@code virStreamAbort}). Idempotent. */
    void abort();

    /** {@link #abort()}s unless read to the end. */
    @Override
    void close();
}
