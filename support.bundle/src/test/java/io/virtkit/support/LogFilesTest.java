package io.virtkit.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFilesTest {

    @TempDir
    Path dir;

    @Test
    void readsWhatWasWrittenSinceTheOffsetAndNothingForAMissingFile() throws IOException {
        Path log = Files.writeString(dir.resolve("vm.log"), "old start\n");
        long offset = Files.size(log);
        Files.writeString(log, "qemu: could not open disk\n", java.nio.file.StandardOpenOption.APPEND);

        assertThat(LogFiles.readFrom(log, offset)).isEqualTo("qemu: could not open disk\n");
        assertThat(LogFiles.readFrom(log, Files.size(log))).isEmpty();
        assertThat(LogFiles.readFrom(dir.resolve("none.log"), 0)).isEmpty();
    }

    @Test
    void aHugeLogIsCutAtTheLimit() throws IOException {
        Path log = Files.write(dir.resolve("big.log"), new byte[LogFiles.MAX_READ * 2]);

        assertThat(LogFiles.readFrom(log, 0)).hasSize(LogFiles.MAX_READ);
    }
}
