package io.virtkit.remote.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.virtkit.api.VolumeDownload;

/**
 * The daemon's side of a {@code virStorageVolDownload} stream: each chunk the stream asks for is read from the
 * volume's {@link VolumeDownload}; on a sparse download a hole comes as a hole, never as zeros.
 */
final class VolumeDownloadSource implements StreamSource {
    private static final Logger LOG = Logger.getLogger(VolumeDownloadSource.class.getName());

    private final VolumeDownload download;
    /** Read into for every chunk: a full chunk is sent from it before the next is asked for ({@link StreamSource}). */
    private byte[] buffer;

    VolumeDownloadSource(VolumeDownload download) {
        this.download = download;
    }

    @Override
    public Chunk next(int max) {
        if (buffer == null || buffer.length != max) {
            buffer = new byte[max];
        }
        ByteBuffer into = ByteBuffer.wrap(buffer);
        int n = download.read(into);
        if (n < 0) {
            return Chunk.END;
        }
        if (n > 0) {
            return Chunk.data(n == max ? buffer : Arrays.copyOf(buffer, n));
        }
        // nothing read into room for max bytes: a hole is next (a sparse download), or the end right after it
        long hole = download.skipHole();
        if (hole > 0) {
            return Chunk.hole(hole);
        }
        n = download.read(into);
        if (n < 0) {
            return Chunk.END;
        }
        if (n == 0) {
            throw new IllegalStateException("a volume download gave neither data, nor a hole, nor its end");
        }
        return Chunk.data(n == max ? buffer : Arrays.copyOf(buffer, n));
    }

    @Override
    public void finish() {
        download.close(); // read to its end: closing releases it
    }

    @Override
    public void abort() {
        try {
            download.abort();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "aborting a volume download failed", e);
        }
    }
}
