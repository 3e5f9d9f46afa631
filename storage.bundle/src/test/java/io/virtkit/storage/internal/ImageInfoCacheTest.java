package io.virtkit.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Probes kept while a file is unchanged, probed again once it changes or is replaced, never kept while fresh. */
class ImageInfoCacheTest {
    @TempDir
    Path dir;
    private final AtomicInteger probes = new AtomicInteger();

    private ImageInfo probe(Path file) throws Exception {
        probes.incrementAndGet();
        return new ImageInfo("raw", Files.size(file), 0, null, null, null);
    }

    private ImageInfo get(ImageInfoCache cache, Path file) {
        return cache.get(file, () -> {
            try {
                return probe(file);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aSettledFileIsProbedOnceUntilItChanges() throws Exception {
        ImageInfoCache cache = new ImageInfoCache(0);
        Path file = Files.write(dir.resolve("a.raw"), new byte[100]);
        assertThat(get(cache, file).virtualSize()).isEqualTo(100);
        assertThat(get(cache, file).virtualSize()).isEqualTo(100);
        assertThat(probes).hasValue(1);

        Files.write(file, new byte[50], StandardOpenOption.APPEND);
        assertThat(get(cache, file).virtualSize()).isEqualTo(150);
        assertThat(probes).hasValue(2);

        Path other = Files.write(dir.resolve("b.raw"), new byte[150]);
        Files.move(other, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING); // same size, another inode
        get(cache, file);
        assertThat(probes).hasValue(3);
    }

    @Test
    void aFileWrittenAMomentAgoIsNotKept() throws Exception {
        ImageInfoCache cache = new ImageInfoCache(TimeUnit.SECONDS.toNanos(60));
        Path file = Files.write(dir.resolve("fresh.raw"), new byte[10]);
        get(cache, file);
        get(cache, file);
        assertThat(probes).hasValue(2);
    }

    @Test
    void whatIsNotARegularFileIsProbedEveryTime() throws Exception {
        ImageInfoCache cache = new ImageInfoCache(0);
        Path missing = dir.resolve("missing.raw");
        cache.get(missing, () -> new ImageInfo("raw", 0, 0, null, null, null));
        cache.get(missing, () -> new ImageInfo("raw", 0, 0, null, null, null));
        Path devNull = Path.of("/dev/null");
        assertThat(cache.get(devNull, () -> new ImageInfo("raw", 1, 0, null, null, null)).virtualSize()).isEqualTo(1);
        assertThat(cache.get(devNull, () -> new ImageInfo("raw", 2, 0, null, null, null)).virtualSize()).isEqualTo(2);
    }
}
