package io.virtkit.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.virtkit.api.VolumeDownload;
import io.virtkit.api.VolumeUpload;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upload and download over real files: holes found with SEEK_DATA/SEEK_HOLE and, without them, as zero runs; data
 * read in pieces as large as the caller's buffer; holes uploaded over data punched.
 */
class FileVolumeStreamsTest {
    private static final int MIB = 1 << 20;
    private static final int PACKET = 256 * 1024;

    @TempDir
    Path dir;

    @Test
    void theCLibraryIsReachable() {
        assertThat(SparseFiles.available()).isTrue(); // else every sparse stream here runs the fallbacks only
    }

    /** 1 MiB data, a 3 MiB hole, 300 KiB data, 64 KiB of written zeros, 100 KiB data, a 2 MiB trailing hole. */
    private Path sparseFile(long seed) throws Exception {
        Random random = new Random(seed);
        byte[] first = bytes(random, MIB);
        byte[] second = bytes(random, 300 * 1024);
        byte[] third = bytes(random, 100 * 1024);
        Path file = dir.resolve("v.raw");
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(first), 0);
            out.write(ByteBuffer.wrap(second), 4L * MIB);
            out.write(ByteBuffer.wrap(new byte[64 * 1024]), 4L * MIB + second.length);
            out.write(ByteBuffer.wrap(third), 4L * MIB + second.length + 64 * 1024);
        }
        try (var raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(4L * MIB + second.length + 64 * 1024 + third.length + 2L * MIB);
        }
        return file;
    }

    /** What a download gave, in order: "data N" (merged) and "hole N"; and the bytes, holes as zeros. */
    private record Drained(List<String> pieces, byte[] bytes, int largestRead) {}

    private static Drained drain(VolumeDownload down) {
        List<String> pieces = new ArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(PACKET);
        long data = 0;
        int largest = 0;
        for (int n; (n = down.read(buffer.clear())) != -1; ) {
            if (n > 0) {
                data += n;
                largest = Math.max(largest, n);
                bytes.write(buffer.array(), 0, n);
                continue;
            }
            long hole = down.skipHole();
            assertThat(hole).as("a read of 0 is a hole").isPositive();
            if (data > 0) {
                pieces.add("data " + data);
                data = 0;
            }
            pieces.add("hole " + hole);
            bytes.writeBytes(new byte[(int) hole]);
        }
        if (data > 0) {
            pieces.add("data " + data);
        }
        return new Drained(pieces, bytes.toByteArray(), largest);
    }

    @Test
    void aSparseDownloadSendsTheFileSystemsHolesAndReadsDataAsLargeAsTheBuffer() throws Exception {
        Path file = sparseFile(1);
        try (VolumeDownload down = FileVolumeStreams.download(file, 0, 0, true, true)) {
            Drained d = drain(down);
            // written zeros are data on disk: sent as data, as libvirt's virFileInData sends them
            assertThat(d.pieces()).containsExactly("data " + MIB, "hole " + 3 * MIB,
                    "data " + (300 * 1024 + 64 * 1024 + 100 * 1024), "hole " + 2 * MIB);
            assertThat(d.bytes()).isEqualTo(Files.readAllBytes(file));
            assertThat(d.largestRead()).isEqualTo(PACKET);
        }
    }

    @Test
    void withoutSeekingHolesAreZeroRunsOfWholeBlocks() throws Exception {
        Path file = sparseFile(2);
        try (VolumeDownload down = FileVolumeStreams.download(file, 0, 0, true, false)) {
            Drained d = drain(down);
            // the 64 KiB of zeros at 4 MiB + 300 KiB straddle two blocks: no whole zero block, so data; the data
            // ends inside a block (at 4 MiB + 464 KiB), the trailing hole begins with the next one
            assertThat(d.pieces()).containsExactly("data " + MIB, "hole " + 3 * MIB, "data " + 512 * 1024,
                    "hole " + (2 * MIB - 48 * 1024));
            assertThat(d.bytes()).isEqualTo(Files.readAllBytes(file));
        }
    }

    @Test
    void aDownloadFromAnOffsetForALengthStopsThere() throws Exception {
        Path file = sparseFile(3);
        byte[] all = Files.readAllBytes(file);
        for (boolean seek : new boolean[] {true, false}) {
            try (VolumeDownload down = FileVolumeStreams.download(file, MIB - 1000, 3 * MIB + 5000, true, seek)) {
                Drained d = drain(down);
                assertThat(d.pieces()).as("seek " + seek).containsExactly("data 1000", "hole " + 3 * MIB, "data 4000");
                assertThat(d.bytes()).isEqualTo(java.util.Arrays.copyOfRange(all, MIB - 1000, 4 * MIB + 4000));
            }
        }
        try (VolumeDownload down = FileVolumeStreams.download(file, MIB - 1000, 3 * MIB + 5000, false, true)) {
            Drained d = drain(down);
            assertThat(d.pieces()).containsExactly("data " + (3 * MIB + 5000));
            assertThat(d.largestRead()).isEqualTo(PACKET);
        }
    }

    @Test
    void aHoleUploadedOverDataFreesItsBlocksAndReadsZeros() throws Exception {
        Path file = dir.resolve("full.raw");
        Random random = new Random(4);
        Files.write(file, bytes(random, 4 * MIB));
        byte[] head = bytes(random, MIB);
        byte[] tail = bytes(random, MIB);
        try (VolumeUpload up = FileVolumeStreams.upload(file, 0, 0, true)) {
            up.write(ByteBuffer.wrap(head));
            up.skipHole(2L * MIB);
            up.write(ByteBuffer.wrap(tail));
            up.finish();
        }
        byte[] expected = new byte[4 * MIB];
        System.arraycopy(head, 0, expected, 0, MIB);
        System.arraycopy(tail, 0, expected, 3 * MIB, MIB);
        assertThat(Files.readAllBytes(file)).isEqualTo(expected);
        int fd = SparseFiles.open(file, false);
        try {
            assertThat(SparseFiles.nextHole(fd, 0, 4L * MIB)).isEqualTo(MIB);
            assertThat(SparseFiles.nextData(fd, MIB, 4L * MIB)).isEqualTo(3L * MIB);
        } finally {
            SparseFiles.close(fd);
        }
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
