package io.virtkit.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The storage benchmark's test image: a raw file of alternating runs of random data and holes (the issue's
 * "half of it holes"), and what is checked after each transfer: the SHA-256 of its bytes (holes read as zeros)
 * and how much of it the file system has allocated.
 */
final class SparseImage {
    private static final int IO = 1024 * 1024;

    private SparseImage() {
    }

    /**
     * Writes {@code size} bytes to {@code file}: runs of {@code run} bytes, random data first, then a hole, and so
     * on; the file ends with a hole when the runs say so (its length is set, nothing written there).
     */
    static void write(Path file, long size, long run, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        ByteBuffer buf = ByteBuffer.allocate(IO);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long start = 0; start < size; start += 2 * run) {
                long end = Math.min(size, start + run);
                for (long pos = start; pos < end; pos += buf.capacity()) {
                    buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
                    while (buf.hasRemaining()) {
                        buf.putLong(random.nextLong());
                    }
                    buf.flip();
                    while (buf.hasRemaining()) {
                        out.write(buf, pos + buf.position());
                    }
                }
            }
            if (out.size() < size) {
                out.write(ByteBuffer.wrap(new byte[1]), size - 1); // sets the length; the last byte is a zero
            }
        }
    }

    /** SHA-256 of the file's bytes, hex. */
    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer buf = ByteBuffer.allocateDirect(IO);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            while (in.read(buf.clear()) >= 0) {
                digest.update(buf.flip());
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The file's allocated size in MiB ({@code stat}'s 512-byte blocks): how many of the holes were kept. */
    static long allocatedMiB(Path file) throws IOException, InterruptedException {
        Commands.Result r = Commands.run(List.of("stat", "-c", "%b", file.toString()));
        if (r.exit() != 0) {
            throw new IllegalStateException("stat " + file + ": " + r.output());
        }
        return Long.parseLong(r.output().strip()) * 512 / (1024 * 1024);
    }
}
