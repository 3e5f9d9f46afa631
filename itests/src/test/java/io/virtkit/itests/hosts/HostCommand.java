package io.virtkit.itests.hosts;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One host program run to its end with a bound on its time (the tests' only way to call ip, openssl, virsh), its
 * output captured. A program that outlives its bound is killed and the call fails: nothing is left running.
 */
public final class HostCommand {

    /** What a finished program said. */
    public record Result(List<String> command, int exit, String out, String err) {
        public boolean ok() {
            return exit == 0;
        }

        /** The output, or an AssertionError naming the command and what it said. */
        public String outOrFail() {
            if (exit != 0) {
                throw new AssertionError(this.toString());
            }
            return out;
        }

        @Override
        public String toString() {
            return String.join(" ", command) + " → exit " + exit + (out.isBlank() ? "" : "\nstdout: " + out.strip())
                    + (err.isBlank() ? "" : "\nstderr: " + err.strip());
        }
    }

    private HostCommand() {
    }

    public static Result run(Duration bound, String... command) {
        return run(bound, List.of(command));
    }

    public static Result run(Duration bound, List<String> command) {
        return start(command).await(bound);
    }

    /** Starts {@code command} and returns at once: for a call that a test disturbs while it runs (virsh migrate). */
    public static Running start(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().remove("LIBVIRT_DEFAULT_URI");
        try {
            Process p = pb.start();
            return new Running(List.copyOf(command), p, drain(p.getInputStream()), drain(p.getErrorStream()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        }
    }

    /** A program started by {@link #start}; {@link #await} gives its result, or kills it after the bound. */
    public record Running(List<String> command, Process process, CompletableFuture<String> out, CompletableFuture<String> err) {

        public boolean isAlive() {
            return process.isAlive();
        }

        public Result await(Duration bound) {
            try {
                if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor();
                    throw new AssertionError(String.join(" ", command) + " did not end within " + bound
                            + "; stdout so far: " + out.getNow("") + " stderr: " + err.getNow(""));
                }
                return new Result(command, process.exitValue(), closed(out), closed(err));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted running " + command, e);
            }
        }

        /** The stream's text once it closed: soon after the program's end, unless a child it left behind holds it. */
        private String closed(CompletableFuture<String> stream) throws InterruptedException {
            try {
                return stream.get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new AssertionError(String.join(" ", command) + " ended but its output stayed open (a child of "
                        + "it holds it?)", e);
            }
        }
    }

    /** {@code ip netns exec NETNS command…}: the program in the namespace (and the mount namespace ip gives it). */
    public static List<String> inNetns(String netns, String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", netns));
        full.addAll(List.of(command));
        return full;
    }

    /** A thread of its own per stream: the common pool may have one thread on this machine, and a full pipe blocks. */
    private static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (in) {
                text.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("");
            }
        }, "host-command-output");
        reader.setDaemon(true);
        reader.start();
        return text;
    }
}
