package io.virtkit.test.internal;

import java.nio.ByteBuffer;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.VolumeDownload;
import io.virtkit.api.VolumeUpload;

/**
 * Uploads into and downloads from a test-driver volume's {@link VolumeContent}: the test driver's
 * {@code virStorageVolUpload}/{@code virStorageVolDownload} (libvirt's test driver has none; these let the
 * stream API be exercised end to end without host storage). A range is {@code [offset, offset + length)},
 * length 0 meaning up to the volume's end.
 */
final class MemoryVolumeStreams {
    private MemoryVolumeStreams() {
    }

    static VolumeUpload upload(VolumeContent content, long offset, long length, boolean sparse) {
        return new Upload(content, offset, end(content, offset, length), sparse);
    }

    static VolumeDownload download(VolumeContent content, long offset, long length, boolean sparse) {
        return new Download(content, offset, end(content, offset, length), sparse);
    }

    private static long end(VolumeContent content, long offset, long length) {
        if (offset < 0 || length < 0 || offset > content.capacity()) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.STORAGE, "offset " + offset + " and length "
                    + length + " are outside the volume's " + content.capacity() + " bytes");
        }
        return length == 0 ? content.capacity() : Math.min(content.capacity(), offset + length);
    }

    /** What an upload and a download share: a range of a volume's content, walked once, until closed. */
    private abstract static class Transfer implements AutoCloseable {
        final VolumeContent content;
        final long end;
        final boolean sparse;
        long position; // guarded by this
        boolean open = true; // guarded by this

        Transfer(VolumeContent content, long offset, long end, boolean sparse) {
            this.content = content;
            this.position = offset;
            this.end = end;
            this.sparse = sparse;
        }

        /** Fails unless the transfer is still open; call holding this. */
        final void checkOpen() {
            if (!open) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.STREAMS, "stream is not open");
            }
        }

        public final synchronized void abort() {
            open = false;
        }

        @Override
        public final void close() {
            abort();
        }
    }

    private static final class Upload extends Transfer implements VolumeUpload {

        Upload(VolumeContent content, long offset, long end, boolean sparse) {
            super(content, offset, end, sparse);
        }

        @Override
        public synchronized void write(ByteBuffer data) {
            checkOpen();
            fits(data.remaining());
            int n = data.remaining();
            content.write(position, data);
            position += n;
        }

        @Override
        public synchronized void skipHole(long length) {
            checkOpen();
            if (!sparse) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.STREAMS,
                        "holes can only be sent on a sparse stream");
            }
            fits(length);
            content.punch(position, length);
            position += length;
        }

        private void fits(long length) {
            if (length < 0 || position + length > end) {
                abort();
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.STORAGE,
                        "the upload goes past its end at byte " + end);
            }
        }

        @Override
        public synchronized void finish() {
            checkOpen();
            open = false;
        }
    }

    private static final class Download extends Transfer implements VolumeDownload {

        Download(VolumeContent content, long offset, long end, boolean sparse) {
            super(content, offset, end, sparse);
        }

        @Override
        public synchronized int read(ByteBuffer into) {
            checkOpen();
            if (position >= end) {
                return -1;
            }
            long limit = end;
            if (sparse) {
                if (content.isHole(position)) {
                    return 0;
                }
                limit = content.runEnd(position, end);
            }
            int n = content.read(position, into, limit);
            position += n;
            return n;
        }

        @Override
        public synchronized long skipHole() {
            checkOpen();
            if (!sparse || position >= end || !content.isHole(position)) {
                return 0;
            }
            long holeEnd = content.runEnd(position, end);
            long length = holeEnd - position;
            position = holeEnd;
            return length;
        }
    }
}
