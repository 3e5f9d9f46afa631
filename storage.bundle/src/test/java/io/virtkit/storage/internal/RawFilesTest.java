package io.virtkit.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sparse copy of a raw volume keeps holes as small as libvirt's: 4 KiB zero blocks, not whole pieces. */
class RawFilesTest {
    private static final long MIB = 1 << 20;
    private final HostFixtures host = new HostFixtures();

    @AfterEach
    void cleanUp() {
        host.close();
    }

    /** st_blocks × 512, as qemu-img and libvirt count a file's allocation. */
    private static long allocated(Path file) {
        return new QemuImg().info(file).actualSize();
    }

    @Test
    void aCopyOfScatteredDataWritesOnlyTheBlocksThatHoldIt() throws Exception {
        Path dir = host.directory("vk-rawfiles");
        Path source = dir.resolve("source.img");
        Path copy = dir.resolve("copy.img");
        long length = 16 * MIB;
        try (RandomAccessFile f = new RandomAccessFile(source.toFile(), "rw")) {
            f.setLength(length);
            for (long at = 100; at < length; at += 64 * 1024) { // one byte in every 64 KiB, 256 in all
                f.seek(at);
                f.write(0x5a);
            }
            f.seek(length - 1); // and the last byte: the last run ends with the piece
            f.write(0xa5);
        }
        try (RandomAccessFile f = new RandomAccessFile(copy.toFile(), "rw")) {
            f.setLength(length);
        }
        List<Long> reports = new ArrayList<>();

        RawFiles.copySparse(source, copy, length, (done, total) -> reports.add(done));

        assertThat(Files.mismatch(source, copy)).isEqualTo(-1L);
        long allocated = allocated(copy);
        assertThat(allocated).as("257 blocks of 4 KiB, not 16 pieces of 1 MiB").isLessThan(2 * MIB);
        assertThat(reports).isSorted().last().isEqualTo(length);
    }

    @Test
    void aSourceShorterThanTheLengthLeavesTheRestAHole() throws Exception {
        Path dir = host.directory("vk-rawfiles");
        Path source = dir.resolve("short.img");
        Path copy = dir.resolve("copy.img");
        Files.write(source, new byte[] {1, 2, 3});
        try (RandomAccessFile f = new RandomAccessFile(copy.toFile(), "rw")) {
            f.setLength(4 * MIB);
        }

        RawFiles.copySparse(source, copy, 4 * MIB, (done, total) -> { });

        byte[] bytes = Files.readAllBytes(copy);
        assertThat(bytes).hasSize((int) (4 * MIB)).startsWith(1, 2, 3);
        assertThat(allocated(copy)).isLessThanOrEqualTo(64 * 1024);
    }
}
