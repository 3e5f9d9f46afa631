package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A well-behaved client of the daemon while another one abuses it: Debian's python3-libvirt in a process of its own,
 * calling in a loop (hostname and the domain list on one connection, and a fresh connection every fifth round, so
 * that accepting is measured too) until its stdin closes; then it prints how many rounds it made, every failure and
 * the slowest round. The test reads its rounds as they go, to know that it was calling while the abuse ran.
 */
final class Bystander implements AutoCloseable {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCRIPT = """
            import json, sys, threading, time, libvirt
            libvirt.registerErrorHandler(lambda ctx, err: None, None)
            uri = sys.argv[1]
            stop = threading.Event()
            def watch():
                sys.stdin.read()
                stop.set()
            threading.Thread(target=watch, daemon=True).start()
            failures = []
            worst = 0.0
            rounds = 0
            conn = libvirt.open(uri)
            while not stop.is_set():
                started = time.monotonic()
                try:
                    if rounds % 5 == 0:
                        fresh = libvirt.open(uri)
                        fresh.getHostname()
                        fresh.close()
                    conn.getHostname()
                    conn.listAllDomains()
                except libvirt.libvirtError as e:
                    failures.append(str(e))
                worst = max(worst, time.monotonic() - started)
                rounds += 1
                print(json.dumps(dict(round=rounds)), flush=True)
            conn.close()
            print(json.dumps(dict(rounds=rounds, failures=failures, worst=worst)), flush=True)
            """;

    /** What the bystander saw in all. */
    record Summary(long rounds, List<String> failures, double worstSeconds) {
    }

    private final Process process;
    private final Path errors;
    private final Thread reader;
    private final AtomicLong rounds = new AtomicLong();
    private final AtomicReference<Summary> summary = new AtomicReference<>();

    private Bystander(Process process, Path errors) {
        this.process = process;
        this.errors = errors;
        this.reader = new Thread(this::read, "bystander-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts calling {@code uri} and returns once its first round is done. */
    static Bystander start(Path dir, String uri) throws IOException, InterruptedException {
        ExternalClient.requireInstalled(PYTHON);
        Path script = dir.resolve("bystander.py");
        Files.writeString(script, SCRIPT);
        ProcessBuilder pb = new ExternalClient(dir).builder(List.of(PYTHON.toString(), script.toString(), uri));
        Path errors = dir.resolve("bystander-err.txt");
        pb.redirectError(errors.toFile());
        Bystander b = new Bystander(pb.start(), errors);
        b.awaitRounds(1);
        return b;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode node = JSON.readTree(line);
                if (node.has("round")) {
                    rounds.set(node.get("round").asLong());
                } else {
                    summary.set(new Summary(node.get("rounds").asLong(),
                            JSON.convertValue(node.get("failures"), JSON.getTypeFactory()
                                    .constructCollectionType(List.class, String.class)),
                            node.get("worst").asDouble()));
                }
            }
        } catch (IOException e) {
            // the summary stays unset: finish() says so
        }
    }

    /** Rounds done so far. */
    long rounds() {
        return rounds.get();
    }

    /** Waits (bounded) until {@code n} rounds are done in all. */
    void awaitRounds(long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (rounds.get() < n && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(rounds.get()).as("bystander rounds (stderr: %s)", stderr()).isGreaterThanOrEqualTo(n);
    }

    /** Stops calling and returns what it saw. */
    Summary finish() throws IOException, InterruptedException {
        process.getOutputStream().close();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("bystander ended").isTrue();
        reader.join(10_000);
        assertThat(summary.get()).as("bystander summary (exit %s, stderr: %s)", process.exitValue(), stderr())
                .isNotNull();
        return summary.get();
    }

    private String stderr() {
        try {
            return Files.readString(errors);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        process.getOutputStream().close();
        process.getInputStream().close();
        process.getErrorStream().close();
    }
}
