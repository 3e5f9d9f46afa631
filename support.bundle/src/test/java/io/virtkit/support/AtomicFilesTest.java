package io.virtkit.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void writeCreatesTheDirectoryAndReplacesTheFileLeavingNoTemporary() throws IOException {
        Path file = dir.resolve("config/a.xml");

        AtomicFiles.write(file, "<domain>é</domain>");
        AtomicFiles.write(file, "<domain>2</domain>");

        assertThat(Files.readString(file)).isEqualTo("<domain>2</domain>");
        try (var entries = Files.list(file.getParent())) {
            assertThat(entries).containsExactly(file);
        }
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporary() throws IOException {
        Path file = dir.resolve("a.xml");
        Files.createDirectory(file); // a directory cannot be replaced by a file: the rename fails
        Files.writeString(file.resolve("inside"), "x");

        assertThatThrownBy(() -> AtomicFiles.write(file, "new")).isInstanceOf(IOException.class);

        assertThat(file).isDirectory();
        try (var entries = Files.list(dir)) {
            assertThat(entries).containsExactly(file);
        }
    }

    @Test
    void deleteQuietlyDeletesAndToleratesAMissingFile() throws IOException {
        Path file = Files.writeString(dir.resolve("status.xml"), "x");

        assertThat(AtomicFiles.deleteQuietly(file)).isTrue();
        assertThat(file).doesNotExist();
        assertThat(AtomicFiles.deleteQuietly(file)).isTrue();
    }

    @Test
    void deleteQuietlyReportsAFileItCannotDeleteInsteadOfThrowing() throws IOException {
        Path full = dir.resolve("full");
        Files.writeString(Files.createDirectories(full).resolve("inside"), "x");

        assertThat(AtomicFiles.deleteQuietly(full)).isFalse(); // a non-empty directory
        assertThat(full).exists();
    }
}
