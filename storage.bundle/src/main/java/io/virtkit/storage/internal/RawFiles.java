package io.virtkit.storage.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Byte work on raw volumes that libvirt does itself rather than through qemu-img: preallocating (the
 * {@code fallocate} program, as Java has no fallocate), copying with holes kept, writing zeros.
 */
final class RawFiles {
    /** Copy and wipe in pieces of this size; each piece is one progress report. */
    static final int CHUNK = 1024 * 1024;
    /** Zero blocks a sparse copy skips: libvirt's smallest write block. */
    static final int ZERO_BLOCK = 4096;

    private RawFiles() {
    }

    /**
     * Reserves {@code length} bytes from {@code offset} for the file; an error is the C library's wording
     * (ENOSPC: "No space left on device").
     */
    static void fallocate(Path file, long offset, long length) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("fallocate"));
        if (offset > 0) {
            cmd.addAll(List.of("-o", Long.toString(offset)));
        }
        cmd.addAll(List.of("-l", Long.toString(length), file.toString()));
        HostCommand.Result r = HostCommand.run(cmd);
        if (!r.ok()) {
            String msg = r.diagnostics();
            int colon = msg.lastIndexOf(": ");
            throw new IOException(colon >= 0 ? msg.substring(colon + 2) : msg);
        }
    }

    /**
     * Copies {@code length} bytes of {@code source} into {@code target} (already sized), skipping the
     * {@link #ZERO_BLOCK}-sized blocks that are all zeros so the copy stays as sparse as libvirt's (it skips
     * zero blocks of the file system's block size, at least 4 KiB); the non-zero blocks of a piece go out in
     * as few writes as they are runs.
     */
    static void copySparse(Path source, Path target, long length, ProgressListener progress) throws IOException {
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
            ByteBuffer zeros = ByteBuffer.allocateDirect(CHUNK);
            long pos = 0;
            while (pos < length) {
                buf.clear().limit((int) Math.min(CHUNK, length - pos));
                int n = readFully(in, buf, pos);
                if (n == 0) {
                    break; // the source is shorter than its capacity: the rest stays a hole
                }
                if (buf.slice(0, n).mismatch(zeros.slice(0, n)) >= 0) { // a hole is read (and skipped) whole
                    writeNonZeroRuns(out, buf, n, pos, zeros);
                }
                pos += n;
                progress.progress(pos, length);
            }
            out.force(true);
        }
    }

    /** Fills {@code buf} from {@code pos} up to its limit or the end of the file; the bytes read. */
    private static int readFully(FileChannel in, ByteBuffer buf, long pos) throws IOException {
        int total = 0;
        while (buf.hasRemaining()) {
            int n = in.read(buf, pos + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    /** Writes the runs of blocks of {@code buf}'s first {@code n} bytes that are not all zeros, at {@code pos}. */
    private static void writeNonZeroRuns(FileChannel out, ByteBuffer buf, int n, long pos, ByteBuffer zeros)
            throws IOException {
        int runStart = -1;
        for (int off = 0; off < n; off += ZERO_BLOCK) {
            int len = Math.min(ZERO_BLOCK, n - off);
            boolean zero = buf.slice(off, len).mismatch(zeros.slice(0, len)) < 0; // a vectorised compare
            if (!zero && runStart < 0) {
                runStart = off;
            } else if (zero && runStart >= 0) {
                write(out, buf.slice(runStart, off - runStart), pos + runStart);
                runStart = -1;
            }
        }
        if (runStart >= 0) {
            write(out, buf.slice(runStart, n - runStart), pos + runStart);
        }
    }

    private static void write(FileChannel out, ByteBuffer run, long at) throws IOException {
        while (run.hasRemaining()) {
            out.write(run, at + run.position());
        }
    }

    /** Writes zeros over the first {@code length} bytes of {@code file} and syncs them to the device. */
    static void writeZeros(Path file, long length, ProgressListener progress) throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate(CHUNK);
            long pos = 0;
            while (pos < length) {
                zeros.clear().limit((int) Math.min(CHUNK, length - pos));
                while (zeros.hasRemaining()) {
                    pos += out.write(zeros, pos);
                }
                progress.progress(pos, length);
            }
            out.force(true);
        }
        progress.progress(length, length);
    }
}
