package io.virtkit.storage.internal;

import java.nio.ByteBuffer;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.api.VolumeDownload;
import io.virtkit.api.VolumeUpload;

/**
 * An upload or download that keeps its volume marked in use ({@link VolumeJobs}) until it ends: finished,
 * aborted, closed, read to the end, or stopped by an I/O error (the stream aborts itself then). The volume is
 * released once, whichever comes first.
 */
final class VolumeStreamUse {
    private VolumeStreamUse() {
    }

    /** Releases the volume once. */
    private static final class Release {
        private final Runnable release;
        private boolean released;

        Release(Runnable release) {
            this.release = release;
        }

        synchronized void run() {
            if (!released) {
                released = true;
                release.run();
            }
        }

        /** An I/O failure ended the stream; a refused call (past the length, not sparse) did not. */
        <T extends RuntimeException> T onFailure(T e) {
            if (!(e instanceof VirtException v) || v.code() == ErrorCode.SYSTEM_ERROR) {
                run();
            }
            return e;
        }
    }

    static final class Upload implements VolumeUpload {
        private final VolumeUpload upload;
        private final Release release;

        Upload(VolumeUpload upload, Runnable release) {
            this.upload = upload;
            this.release = new Release(release);
        }

        @Override
        public void write(ByteBuffer data) {
            try {
                upload.write(data);
            } catch (RuntimeException e) {
                throw release.onFailure(e);
            }
        }

        @Override
        public void skipHole(long length) {
            try {
                upload.skipHole(length);
            } catch (RuntimeException e) {
                throw release.onFailure(e);
            }
        }

        @Override
        public void finish() {
            try {
                upload.finish();
            } finally {
                release.run();
            }
        }

        @Override
        public void abort() {
            try {
                upload.abort();
            } finally {
                release.run();
            }
        }

        @Override
        public void close() {
            try {
                upload.close();
            } finally {
                release.run();
            }
        }
    }

    static final class Download implements VolumeDownload {
        private final VolumeDownload download;
        private final Release release;

        Download(VolumeDownload download, Runnable release) {
            this.download = download;
            this.release = new Release(release);
        }

        @Override
        public int read(ByteBuffer into) {
            try {
                int n = download.read(into);
                if (n < 0) {
                    release.run();
                }
                return n;
            } catch (RuntimeException e) {
                throw release.onFailure(e);
            }
        }

        @Override
        public long skipHole() {
            try {
                return download.skipHole();
            } catch (RuntimeException e) {
                throw release.onFailure(e);
            }
        }

        @Override
        public void abort() {
            try {
                download.abort();
            } finally {
                release.run();
            }
        }

        @Override
        public void close() {
            try {
                download.close();
            } finally {
                release.run();
            }
        }
    }
}
