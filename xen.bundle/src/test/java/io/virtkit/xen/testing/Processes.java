package io.virtkit.xen.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/** Runs the host programs the nested Xen host's build needs (apt, dpkg-deb, ldd, cpio), each with a deadline. */
final class Processes {
    record Result(int exitCode, String output) {
    }

    private Processes() {
    }

    /** Runs a command that must succeed; its output (stdout and stderr) when it does. */
    static Result run(Path dir, Duration timeout, List<String> command) throws IOException {
        Result result = runAllowingFailure(dir, timeout, command);
        if (result.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + result.exitCode() + "):\n"
                    + result.output().strip());
        }
        return result;
    }

    /** Runs a command; a program that is not there means the host cannot prepare Xen (not a failure of the code). */
    static Result runAllowingFailure(Path dir, Duration timeout, List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("LC_ALL", "C");
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new XenHostUnavailableException("cannot run " + command.get(0) + " (see host-programs.tsv): "
                    + e.getMessage(), e);
        }
        // read on another thread: a chatty program must never block on a full pipe while we wait for it
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = process.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new Result(process.exitValue(), output.get(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot read the output of " + command.get(0), e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
