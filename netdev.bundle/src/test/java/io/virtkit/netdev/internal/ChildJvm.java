package io.virtkit.netdev.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * For crash tests (published in this bundle's test-jar): a driver's main class run in a JVM of its own on
 * this JVM's class path, spoken to by lines on its stdin and stdout, and killed with SIGKILL as a daemon
 * dies, without any chance to clean up. Its stderr goes to {@code log} (appended). The JVM is tuned to start
 * fast (C1 only, serial GC): a crash test starts dozens.
 */
public final class ChildJvm implements AutoCloseable {

    private static final String EOF = "\u0000EOF";

    private final Process process;
    private final PrintStream in;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    public ChildJvm(Path log, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null;) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // killed
            }
            lines.add(EOF);
        }, "child-jvm-reader");
        reader.setDaemon(true);
        reader.start();
    }

    public long pid() {
        return process.pid();
    }

    public void send(String line) {
        in.println(line);
    }

    /**
     * The next line starting with {@code prefix}; other lines are kept (see {@link #seen}). An
     * {@code ERROR} line, the child's end or the timeout fail with what the child printed.
     */
    public String await(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || EOF.equals(line) || line.startsWith("ERROR")) {
                throw new AssertionError("child JVM: expected '" + prefix + "' but got "
                        + (line == null ? "nothing within " + timeout : EOF.equals(line) ? "its end" : line)
                        + "; earlier lines " + seen);
            }
            seen.add(line);
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** The lines up to (without) the one equal to {@code end}. */
    public List<String> linesUntil(String end, Duration timeout) throws InterruptedException {
        List<String> out = new ArrayList<>();
        int from = seen.size();
        await(end, timeout);
        for (String l : seen.subList(from, seen.size())) {
            if (!l.equals(end)) {
                out.add(l);
            }
        }
        return out;
    }

    public List<String> seen() {
        return List.copyOf(seen);
    }

    /** SIGKILL, as the OOM killer or {@code kill -9} would; returns once the JVM is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("child JVM " + process.pid() + " survived SIGKILL");
        }
    }

    /** Ends the child: stdin closed (it finishes), killed if it has not within 10 s. */
    @Override
    public void close() throws InterruptedException {
        in.close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
