package io.virtkit.remote.internal;

import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.virtkit.api.VolumeUpload;

/**
 * The daemon's side of a {@code virStorageVolUpload} stream: what arrives in the client's stream packets goes into
 * the volume's {@link VolumeUpload}, holes as holes; the client's finish waits until it is stored.
 */
final class VolumeUploadSink implements StreamSink {
    private static final Logger LOG = Logger.getLogger(VolumeUploadSink.class.getName());

    private final VolumeUpload upload;

    VolumeUploadSink(VolumeUpload upload) {
        this.upload = upload;
    }

    @Override
    public void data(byte[] bytes) {
        try {
            upload.write(ByteBuffer.wrap(bytes));
        } catch (RuntimeException e) {
            abort(); // the sink cleans up before its failure ends the stream
            throw e;
        }
    }

    @Override
    public void hole(long length, int flags) {
        try {
            upload.skipHole(length);
        } catch (RuntimeException e) {
            abort();
            throw e;
        }
    }

    @Override
    public void finish() {
        upload.finish();
    }

    @Override
    public void abort() {
        try {
            upload.abort();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "aborting a volume upload failed", e);
        }
    }
}
