package io.virtkit.storage.internal;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * One run of a host program (qemu-img, mkfs, mount, the LVM tools, scrub): its arguments in, exit status and both
 * outputs back. A failure is libvirt's: INTERNAL_ERROR naming the command, its status and what it wrote on
 * stderr. The programs are found on PATH, so host-programs.tsv lists each.
 */
final class HostCommand {
    private HostCommand() {
    }

    /** What a finished program left. */
    record Result(List<String> command, int status, String stdout, String stderr) {
        boolean ok() {
            return status == 0;
        }

        /** stderr's text, trimmed; stdout's when stderr is empty (some tools report there). */
        String diagnostics() {
            String err = stderr.strip();
            return err.isEmpty() ? stdout.strip() : err;
        }

        /** libvirt's failure of a child process: INTERNAL_ERROR with the command, status and stderr. */
        VirtException failure() {
            return StorageErrors.error(ErrorCode.INTERNAL_ERROR, describe(this));
        }
    }

    static String describe(Result r) {
        return "Child process (" + String.join(" ", r.command()) + ") unexpected exit status " + r.status()
                + (r.diagnostics().isEmpty() ? "" : ": " + r.diagnostics());
    }

    /** Runs the program and waits; the status is the caller's to judge. */
    static Result run(List<String> command) {
        return run(command, null);
    }

    /**
     * Runs the program; {@code stdoutChunks}, when given, sees stdout as it arrives (qemu-img's progress
     * lines end in carriage returns, not newlines, so chunks are passed on as read).
     */
    static Result run(List<String> command, Consumer<String> stdoutChunks) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("LC_ALL", "C");
        // the LVM tools complain on stderr about every descriptor a JVM leaves open to its children
        pb.environment().put("LVM_SUPPRESS_FD_WARNINGS", "1");
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            // libvirt's system error; Java words a failed exec as 'Cannot run program "x": error=2, <strerror>'
            String reason = String.valueOf(e.getMessage());
            int errno = reason.indexOf("error=");
            int comma = errno < 0 ? -1 : reason.indexOf(", ", errno);
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.STORAGE, "Cannot find '"
                    + command.get(0) + "' in path: " + (comma < 0 ? reason : reason.substring(comma + 2)), e);
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = new Thread(() -> copy(p.getErrorStream(), err, null), "stderr of " + command.get(0));
        errReader.setDaemon(true);
        errReader.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        copy(p.getInputStream(), out, stdoutChunks);
        try {
            int status = p.waitFor();
            errReader.join();
            return new Result(List.copyOf(command), status, out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw StorageErrors.error(ErrorCode.OPERATION_ABORTED, String.join(" ", command) + " interrupted");
        }
    }

    /** Runs the program and fails as libvirt does when it does not exit with 0. */
    static Result check(List<String> command) {
        Result r = run(command);
        if (!r.ok()) {
            throw r.failure();
        }
        return r;
    }

    private static void copy(InputStream in, ByteArrayOutputStream sink, Consumer<String> chunks) {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                sink.write(buf, 0, n);
                if (chunks != null) {
                    chunks.accept(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
