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
     * Copies {@code length} bytes of {@code source} into {@code target} (already sized), skipping the pieces
     * that are all zeros so the copy stays sparse.
     */
    static void copySparse(Path source, Path target, long length, ProgressListener progress) throws IOException {
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            long pos = 0;
            while (pos < length) {
                buf.clear().limit((int) Math.min(CHUNK, length - pos));
                int n = in.read(buf, pos);
                if (n < 0) {
                    break; // the source is shorter than its capacity: the rest stays a hole
                }
                buf.flip();
                if (!allZero(buf)) {
                    while (buf.hasRemaining()) {
                        out.write(buf, pos + buf.position());
                    }
                }
                pos += n;
                progress.progress(pos, length);
            }
            out.force(true);
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

    private static boolean allZero(ByteBuffer buf) {
        for (int i = buf.position(); i < buf.limit(); i++) {
            if (buf.get(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
