package io.virtkit.storage.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The real qemu-img behind a small sh wrapper that lets a test hold a volume copy under way: a
 * {@code convert} writes its pid to {@link #pidFile}, waits while the {@link #gate} file exists, then runs
 * (rate-limited when asked, so a crash can land half-way through it). Every other command goes straight to
 * qemu-img.
 */
final class GatedQemuImg {
    private final Path dir;
    private final Path program;

    /** A wrapper in {@code dir}; {@code bytesPerSecond} 0 copies at full speed. */
    GatedQemuImg(Path dir, long bytesPerSecond) throws IOException {
        this.dir = dir;
        this.program = dir.resolve("qemu-img");
        String rate = bytesPerSecond > 0 ? " -r " + bytesPerSecond : "";
        Files.writeString(program, "#!/bin/sh\n"
                + "if [ \"$1\" = convert ]; then\n"
                + "  echo $$ > '" + pidFile() + "'\n"
                + "  while [ -e '" + gate() + "' ]; do sleep 0.05; done\n"
                + "  shift\n"
                + "  exec qemu-img convert" + rate + " \"$@\"\n"
                + "fi\n"
                + "exec qemu-img \"$@\"\n");
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
    }

    String program() {
        return program.toString();
    }

    QemuImg qemuImg() {
        return new QemuImg(program());
    }

    /** While this file exists, a convert waits before it starts. */
    Path gate() {
        return dir.resolve("gate");
    }

    Path pidFile() {
        return dir.resolve("convert.pid");
    }

    void hold() throws IOException {
        Files.createFile(gate());
    }

    void release() throws IOException {
        Files.deleteIfExists(gate());
    }

    /** The convert started last, if it still runs. */
    Optional<ProcessHandle> convert() throws IOException {
        if (!Files.exists(pidFile())) {
            return Optional.empty();
        }
        // the pid is the wrapper's, exec'd into qemu-img; once it ended another process may have it
        return ProcessHandle.of(Long.parseLong(Files.readString(pidFile()).strip()))
                .filter(p -> p.info().command().map(c -> c.endsWith("/sh") || c.endsWith("/qemu-img")).orElse(false));
    }
}
