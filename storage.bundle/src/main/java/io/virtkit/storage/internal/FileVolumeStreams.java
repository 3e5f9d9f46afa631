package io.virtkit.storage.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.api.VolumeDownload;
import io.virtkit.api.VolumeUpload;

/**
 * Upload and download over a volume's file, libvirt's fd streams on the volume's path. A sparse download finds its
 * holes as libvirt's {@code virFileInData} does, with {@code lseek(SEEK_DATA/SEEK_HOLE)} ({@link SparseFiles}); without
 * those, as runs of zero blocks (a hole reads as zeros, and a zero run sent as a hole leaves the same bytes). Data is
 * read straight into the caller's buffer, as much as it has room for. A hole uploaded inside the file is punched
 * ({@code fallocate(FALLOC_FL_PUNCH_HOLE)}, or the {@code fallocate} program), one past its end only extends it.
 * An upload's finish does not sync the file, as libvirt's fd stream does not: what was written is in the page cache,
 * seen by every reader of the file (a guest's QEMU), and reaches the disk with the kernel's write-back; syncing a
 * 1 GiB upload cost more than its transfer.
 */
final class FileVolumeStreams {
    /** The unit of hole detection by zero runs (without SEEK_DATA). */
    static final int BLOCK = 64 * 1024;

    private FileVolumeStreams() {
    }

    static VolumeUpload upload(Path file, long offset, long length, boolean sparse) {
        FileChannel channel = open(file, offset, StandardOpenOption.WRITE);
        return new Upload(file, channel, offset, length, sparse);
    }

    static VolumeDownload download(Path file, long offset, long length, boolean sparse) {
        return download(file, offset, length, sparse, SparseFiles.available());
    }

    /** @param seekHoles whether to find holes with SEEK_DATA/SEEK_HOLE rather than by zero runs (tests try both) */
    static VolumeDownload download(Path file, long offset, long length, boolean sparse, boolean seekHoles) {
        FileChannel channel = open(file, offset, StandardOpenOption.READ);
        int fd = -1;
        try {
            long size = channel.size();
            long end = length == 0 ? size : Math.min(size, offset + length);
            if (sparse && seekHoles) {
                fd = SparseFiles.open(file, false);
            }
            return new Download(channel, fd, offset, end, sparse);
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

    /** What both directions share: the open file (and a C descriptor on it, if any), closed once by abort or close. */
    private abstract static class Stream {
        final FileChannel channel;
        int fd;
        boolean done;

        Stream(FileChannel channel, int fd) {
            this.channel = channel;
            this.fd = fd;
        }

        public void abort() {
            done = true;
            closeQuietly(channel);
            if (fd >= 0) {
                SparseFiles.close(fd);
                fd = -1;
            }
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
            super(channel, -1);
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
                    punch(inside);
                }
            } catch (IOException e) {
                abort();
                throw StorageErrors.system(e, "cannot seek in '" + file + "'");
            }
            position += length;
        }

        /** Frees the blocks under the hole, unless it is a hole already (a fresh volume's file mostly is). */
        private void punch(long inside) throws IOException {
            if (!SparseFiles.available()) {
                HostCommand.check(List.of("fallocate", "--punch-hole", "--keep-size", "--offset",
                        Long.toString(position), "--length", Long.toString(inside), file.toString()));
                return;
            }
            if (fd < 0) {
                fd = SparseFiles.open(file, true);
            }
            if (SparseFiles.nextData(fd, position, position + inside) < position + inside) {
                SparseFiles.punchHole(fd, position, inside);
            }
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
            } catch (IOException e) {
                throw StorageErrors.system(e, "cannot write to '" + file + "'");
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

    /**
     * Reads straight into the caller's buffer. When sparse, a hole found at the position is held ({@link #hole}) until
     * {@link #skipHole} passes it: with a C descriptor, where SEEK_DATA/SEEK_HOLE put the holes; without, a run of
     * zero blocks, found block by block (a zero block read after data is left for the next call to find).
     */
    private static final class Download extends Stream implements VolumeDownload {
        private final long end;
        private final boolean sparse;
        private ByteBuffer scratch; // without a descriptor: where zero blocks are looked for
        private long position;      // of the next byte to read from the file
        private long dataEnd;       // with a descriptor: where the data extent holding position ends
        private long hole;          // a hole found at position, not yet passed

        Download(FileChannel channel, int fd, long offset, long end, boolean sparse) {
            super(channel, fd);
            this.position = offset;
            this.dataEnd = offset;
            this.end = end;
            this.sparse = sparse;
        }

        @Override
        public int read(ByteBuffer into) {
            if (done) {
                throw StorageErrors.error(ErrorCode.OPERATION_INVALID, "stream is not open");
            }
            try {
                if (sparse && hole == 0) {
                    findHole();
                }
                if (hole > 0) {
                    return 0;
                }
                if (position >= end) {
                    abort();
                    return -1;
                }
                long room = sparse && fd >= 0 ? dataEnd - position : end - position;
                return sparse && fd < 0 ? readDataBlocks(into) : readInto(into, room);
            } catch (IOException e) {
                abort();
                throw new VirtException(ErrorCode.SYSTEM_ERROR, io.virtkit.api.ErrorDomain.STORAGE,
                        "cannot read volume: " + StorageErrors.strerror(e), e);
            }
        }

        @Override
        public long skipHole() {
            if (done) {
                return 0;
            }
            if (sparse && hole == 0) {
                try {
                    findHole();
                } catch (IOException e) {
                    abort();
                    throw new VirtException(ErrorCode.SYSTEM_ERROR, io.virtkit.api.ErrorDomain.STORAGE,
                            "cannot read volume: " + StorageErrors.strerror(e), e);
                }
            }
            long h = hole;
            position += h;
            hole = 0;
            return h;
        }

        /** Reads up to {@code room} bytes (and the buffer's room) at the position, as one call reads them. */
        private int readInto(ByteBuffer into, long room) throws IOException {
            int want = (int) Math.min(into.remaining(), room);
            int limit = into.limit();
            into.limit(into.position() + want);
            int got = 0;
            try {
                while (into.hasRemaining()) {
                    int n = channel.read(into, position + got);
                    if (n < 0) {
                        throw new IOException("file shrank while read");
                    }
                    got += n;
                }
            } finally {
                into.limit(limit);
            }
            position += got;
            return got;
        }

        /** Whether a hole starts at the position; if so, it is held in {@link #hole} (the position stays). */
        private void findHole() throws IOException {
            if (position >= end) {
                return;
            }
            if (fd >= 0) {
                if (position < dataEnd) {
                    return; // inside data
                }
                long data = SparseFiles.nextData(fd, position, end);
                if (data > position) {
                    hole = data - position;
                } else {
                    dataEnd = SparseFiles.nextHole(fd, position, end);
                }
                return;
            }
            if (scratch == null) {
                scratch = ByteBuffer.allocate(BLOCK);
            }
            long at = position;
            while (at < end) {
                int want = (int) Math.min(BLOCK - at % BLOCK, end - at); // aligned, as the file system's blocks
                scratch.clear().limit(want);
                readFully(scratch, at);
                if (!allZero(scratch.array(), 0, want)) {
                    break;
                }
                at += want;
            }
            hole = at - position;
        }

        /** Without a descriptor: aligned blocks straight into the buffer, up to (not into) the next zero block. */
        private int readDataBlocks(ByteBuffer into) throws IOException {
            int got = 0;
            while (into.hasRemaining() && position < end) {
                int want = (int) Math.min(Math.min(BLOCK - position % BLOCK, end - position), into.remaining());
                int start = into.position();
                int limit = into.limit();
                into.limit(start + want);
                try {
                    readFully(into, position);
                } finally {
                    into.limit(limit);
                }
                if (got > 0 && isZero(into, start, want)) {
                    into.position(start); // the next call finds the hole there
                    break;
                }
                got += want;
                position += want;
            }
            return got;
        }

        private void readFully(ByteBuffer into, long at) throws IOException {
            long pos = at;
            while (into.hasRemaining()) {
                int n = channel.read(into, pos);
                if (n < 0) {
                    throw new IOException("file shrank while read");
                }
                pos += n;
            }
        }

        private static boolean isZero(ByteBuffer b, int from, int length) {
            if (b.hasArray()) {
                return allZero(b.array(), b.arrayOffset() + from, length);
            }
            for (int i = from; i < from + length; i++) {
                if (b.get(i) != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final byte[] ZEROS = new byte[BLOCK];

    /** Whether {@code length} (at most {@link #BLOCK}) bytes are all zero; {@code Arrays.mismatch} is vectorised. */
    static boolean allZero(byte[] bytes, int from, int length) {
        return Arrays.mismatch(bytes, from, from + length, ZEROS, 0, length) < 0;
    }
}
