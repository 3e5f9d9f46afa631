package io.virtkit.storage.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.api.VolumeDownload;
import io.virtkit.api.VolumeUpload;

/**
 * Upload and download over a volume's file, libvirt's fd streams on the volume's path. Java has no
 * SEEK_DATA/SEEK_HOLE, so a sparse download finds holes as runs of zero blocks (a hole reads as zeros, and a
 * zero run sent as a hole leaves the same bytes); a hole uploaded inside the file is punched
 * ({@code fallocate --punch-hole}), one past its end only extends it.
 */
final class FileVolumeStreams {
    /** The unit of reading and of hole detection. */
    static final int BLOCK = 64 * 1024;

    private FileVolumeStreams() {
    }

    static VolumeUpload upload(Path file, long offset, long length, boolean sparse) {
        FileChannel channel = open(file, offset, StandardOpenOption.WRITE);
        return new Upload(file, channel, offset, length, sparse);
    }

    static VolumeDownload download(Path file, long offset, long length, boolean sparse) {
        FileChannel channel = open(file, offset, StandardOpenOption.READ);
        try {
            long size = channel.size();
            long end = length == 0 ? size : Math.min(size, offset + length);
            return new Download(channel, offset, end, sparse);
        } catch (IOException e) {
            closeQuietly(channel);
            throw StorageErrors.system(e, "unable to stat '" + file + "'");
        }
    }

    private static FileChannel open(Path file, long offset, StandardOpenOption mode) {
        if (offset < 0) {
            throw StorageErrors.error(ErrorCode.INVALID_ARG, "offset must not be negative");
        }
        try {
            return FileChannel.open(file, mode);
        } catch (IOException e) {
            throw StorageErrors.system(e, "Unable to open stream for '" + file + "'");
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing more to release
        }
    }

    /** What both directions share: the open file, closed once by abort or close. */
    private abstract static class Stream {
        final FileChannel channel;
        boolean done;

        Stream(FileChannel channel) {
            this.channel = channel;
        }

        public void abort() {
            done = true;
            closeQuietly(channel);
        }

        public void close() {
            abort();
        }
    }

    /** Writes in order from the offset; nothing past offset + length (when not 0). */
    private static final class Upload extends Stream implements VolumeUpload {
        private final Path file;
        private final long limit;
        private final boolean sparse;
        private long position;

        Upload(Path file, FileChannel channel, long offset, long length, boolean sparse) {
            super(channel);
            this.file = file;
            this.position = offset;
            this.limit = length == 0 ? Long.MAX_VALUE : offset + length;
            this.sparse = sparse;
        }

        @Override
        public void write(ByteBuffer data) {
            checkOpen();
            checkRoom(data.remaining());
            try {
                while (data.hasRemaining()) {
                    position += channel.write(data, position);
                }
            } catch (IOException e) {
                abort();
                throw StorageErrors.system(e, "Unable to write " + file); // libvirt fdstream's wording
            }
        }

        @Override
        public void skipHole(long length) {
            checkOpen();
            if (!sparse) {
                throw StorageErrors.error(ErrorCode.OPERATION_INVALID, "sparse stream not supported");
            }
            checkRoom(length);
            try {
                long inside = Math.min(channel.size(), position + length) - position;
                if (inside > 0) {
                    HostCommand.check(List.of("fallocate", "--punch-hole", "--keep-size", "--offset",
                            Long.toString(position), "--length", Long.toString(inside), file.toString()));
                }
            } catch (IOException e) {
                abort();
                throw StorageErrors.system(e, "cannot seek in '" + file + "'");
            }
            position += length;
        }

        @Override
        public void finish() {
            checkOpen();
            try {
                if (channel.size() < position) {
                    // a trailing hole: FileChannel.truncate never grows a file
                    try (var raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
                        raf.setLength(position);
                    }
                }
                channel.force(true);
            } catch (IOException e) {
                throw StorageErrors.system(e, "cannot sync '" + file + "'");
            } finally {
                abort();
            }
        }

        private void checkOpen() {
            if (done) {
                throw StorageErrors.error(ErrorCode.OPERATION_INVALID, "stream is not open");
            }
        }

        private void checkRoom(long n) {
            if (n > limit - position) {
                throw StorageErrors.error(ErrorCode.INVALID_ARG, "stream wrote past the length asked for");
            }
        }
    }

    /** Reads ahead one block; when sparse, a run of zero blocks becomes a hole. */
    private static final class Download extends Stream implements VolumeDownload {
        private final long end;
        private final boolean sparse;
        private final ByteBuffer block = ByteBuffer.allocate(BLOCK).flip();
        private long position; // of the next byte to read from the file
        private long hole;     // a hole found before block's data

        Download(FileChannel channel, long offset, long end, boolean sparse) {
            super(channel);
            this.position = offset;
            this.end = end;
            this.sparse = sparse;
        }

        @Override
        public int read(ByteBuffer into) {
            if (done) {
                throw StorageErrors.error(ErrorCode.OPERATION_INVALID, "stream is not open");
            }
            fill();
            if (hole > 0) {
                return 0;
            }
            if (!block.hasRemaining()) {
                abort();
                return -1;
            }
            int n = Math.min(into.remaining(), block.remaining());
            into.put(into.position(), block, block.position(), n);
            into.position(into.position() + n);
            block.position(block.position() + n);
            return n;
        }

        @Override
        public long skipHole() {
            if (done) {
                return 0;
            }
            fill();
            long h = hole;
            hole = 0;
            return h;
        }

        /** With nothing pending, reads blocks until data comes (zero blocks of a sparse download add to the hole). */
        private void fill() {
            if (block.hasRemaining() || hole > 0) {
                return;
            }
            try {
                while (position < end) {
                    // aligned blocks, so a hole begins and ends where the file system's do
                    int want = (int) Math.min(BLOCK - position % BLOCK, end - position);
                    block.clear().limit(want);
                    while (block.hasRemaining()) {
                        int n = channel.read(block, position + block.position());
                        if (n < 0) {
                            throw new IOException("file shrank while read");
                        }
                    }
                    block.flip();
                    position += want;
                    if (sparse && allZero(block)) {
                        hole += want;
                        block.position(block.limit());
                        continue;
                    }
                    return; // data, after the hole found before it if any

                }
            } catch (IOException e) {
                abort();
                throw new VirtException(ErrorCode.SYSTEM_ERROR, io.virtkit.api.ErrorDomain.STORAGE,
                        "cannot read volume: " + StorageErrors.strerror(e), e);
            }
        }

        private static boolean allZero(ByteBuffer b) {
            for (int i = b.position(); i < b.limit(); i++) {
                if (b.get(i) != 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
