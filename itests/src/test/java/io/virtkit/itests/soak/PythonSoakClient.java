package io.virtkit.itests.soak;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One python3-libvirt client of the soak: {@code soak_client.py} in a process of its own with one connection, its
 * lifecycle event callbacks registered (domains; networks on the test driver) and every event counted; each cycle
 * waits until its own objects' events came, in order. Its output lines are read as they come: {@code FAIL} lines into
 * the ledger, the {@code SUMMARY} line's counts at the end. A client that ends otherwise is a failure too.
 */
final class PythonSoakClient implements Runnable {

    static final String PYTHON = "/usr/bin/python3";
    private static final Pattern SUMMARY = Pattern.compile("SUMMARY calls=(\\d+) cycles=(\\d+) events=(\\d+)");

    private final String name;
    private final SoakDriver driver;
    private final Process python;
    private final Duration bound;
    private final SoakLedger ledger;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CompletableFuture<String> errors;

    private PythonSoakClient(String name, SoakDriver driver, Process python, Duration bound, SoakLedger ledger) {
        this.name = name;
        this.driver = driver;
        this.python = python;
        this.bound = bound;
        this.ledger = ledger;
        this.errors = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(python.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }, r -> daemonThread(r, name + "-stderr"));
    }

    /** Starts {@code script} for {@code seconds} of cycles; {@link #run()} follows it to its end. */
    static PythonSoakClient start(String name, SoakDriver driver, Path socket, Path script, Duration length,
            Duration bound, SoakLedger ledger) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(PYTHON, script.toString(), driver.uri(socket), name,
                Long.toString(length.toSeconds()), driver.domainTemplate(),
                driver.hasNetworks() ? SoakDriver.networkXml("%s") : "");
        pb.environment().remove("LIBVIRT_DEFAULT_URI");
        return new PythonSoakClient(name, driver, pb.start(), length.plus(bound), ledger);
    }

    /** Waits until the client's connection is open and its callbacks registered (or it failed to). */
    void awaitReady(Duration within) throws InterruptedException {
        try {
            ready.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(name + " not ready within " + within + ": " + e.getMessage());
        }
    }

    /** Lets the client go: its cycles start now, for the soak's length. */
    void go() throws IOException {
        try (var in = python.getOutputStream()) {
            in.write("GO\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void run() {
        boolean summarised = false;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.equals("READY")) {
                    ready.complete(null);
                } else if (line.startsWith("FAIL ")) {
                    List<String> parts = List.of(line.split(" ", 3));
                    ledger.failed(name, parts.get(1), parts.size() > 2 ? parts.get(2) : "");
                } else {
                    Matcher summary = SUMMARY.matcher(line);
                    if (summary.matches()) {
                        ledger.called(Long.parseLong(summary.group(1)));
                        ledger.cycled(driver, Long.parseLong(summary.group(2)));
                        ledger.sawEvents(Long.parseLong(summary.group(3)));
                        summarised = true;
                    }
                }
            }
            if (!python.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                python.destroyForcibly();
                ledger.failed(name, "client", "python3 did not end within " + bound);
            } else if (python.exitValue() != 0 || !summarised) {
                ledger.failed(name, "client", "python3 ended with " + python.exitValue() + " without its summary: "
                        + errors.get(10, TimeUnit.SECONDS).strip());
            }
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            ledger.failed(name, "client", "reading python3's output failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ready.completeExceptionally(new IllegalStateException(name + " ended"));
            if (python.isAlive()) {
                python.destroyForcibly();
            }
        }
    }

    /** Ends the client now (it outlived the soak's bound). */
    void kill() {
        python.destroyForcibly();
    }

    private static void daemonThread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }
}
